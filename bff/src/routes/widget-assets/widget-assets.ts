import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import {
  ASSET_TYPES,
  assetExtension,
  CACHE_IMMUTABLE,
  CACHE_SHORT,
  isHashedName,
} from './content-types.js';
import { EncodedCopies, MIN_COMPRESS_BYTES, matchesEtag, pickEncoding } from './encoded-copies.js';

const NOT_BUILT =
  'The Portico widget has not been built yet. Run `pnpm --filter @portico/widget build` (pnpm start does this).\n';

const copies = new EncodedCopies();

/**
 * The widget's build output: `/embed.js` (the loader merchants paste) and `/widget/<file>`.
 * Public code, so any origin may load it (inline mode imports modules across origins).
 * Sent compressed when the browser takes it (widget.js shrinks to about a third), with an
 * ETag so a browser whose short-cached copy has expired revalidates instead of downloading.
 */
export const widgetAssets = new Hono<AppEnv>()
  .get('/embed.js', (c) => serveAsset(c, 'embed.js'))
  .get('/widget/:file', (c) => serveAsset(c, c.req.param('file')));

async function serveAsset(c: Context<AppEnv>, name: string): Promise<Response> {
  const ext = assetExtension(name);
  if (!ext) return c.text('not found\n', 404);
  const dir = c.get('deps').config.widgetDistDir;
  const path = join(dir, name);
  let body: Buffer;
  let version: string;
  try {
    const file = await open(path);
    try {
      const stat = await file.stat();
      version = `${stat.size}:${stat.mtimeMs}`;
      body = await file.readFile();
    } finally {
      await file.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR') throw err;
    return c.text(existsSync(dir) ? 'not found\n' : NOT_BUILT, 404, {
      'Cache-Control': 'no-store',
    });
  }
  const encoding =
    body.length >= MIN_COMPRESS_BYTES ? pickEncoding(c.req.header('accept-encoding')) : undefined;
  const etag = copies.etag(path, version, body, encoding);
  const headers: Record<string, string> = {
    'Content-Type': ASSET_TYPES[ext],
    'Cache-Control': isHashedName(name) ? CACHE_IMMUTABLE : CACHE_SHORT,
    ETag: etag,
    Vary: 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
  if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  if (encoding) {
    headers['Content-Encoding'] = encoding;
    const encoded = await copies.encoded(path, version, body, encoding);
    return c.body(new Uint8Array(encoded), 200, headers);
  }
  return c.body(new Uint8Array(body), 200, headers);
}
