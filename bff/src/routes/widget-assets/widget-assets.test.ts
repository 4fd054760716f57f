import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, testConfig } from '../../testing/harness.js';
import { isHashedName } from './content-types.js';

/** A bundle big enough to be worth compressing. */
const BUNDLE = `${Array.from({ length: 400 }, (_, i) => `export const v${i} = 'value ${i}';`).join('\n')}\n`;

describe('widget assets', () => {
  let t: TestContext;
  let unbuilt: TestContext;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'portico-dist-'));
    for (const name of ['embed.js', 'widget.js', 'portal-page.js', 'chunk-Bx4k9zQa.js']) {
      writeFileSync(join(dist, name), `/* ${name} */\n`);
    }
    writeFileSync(join(dist, 'widget.css'), 'p{}\n');
    writeFileSync(join(dist, 'bundle.js'), BUNDLE);
    t = await createTestContext({ config: testConfig({ WIDGET_DIST_DIR: dist }) });
    unbuilt = await createTestContext({
      config: testConfig({ WIDGET_DIST_DIR: join(dist, 'missing') }),
    });
  });
  afterAll(async () => {
    await t.close();
    await unbuilt.close();
  });

  it('serves embed.js with a JavaScript type and a short cache', async () => {
    const res = await t.app.request('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin'), 'public code, any origin').toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await res.text()).toBe('/* embed.js */\n');
  });

  it('caches hashed chunks for a year and entry files briefly', async () => {
    const chunk = await t.app.request('/widget/chunk-Bx4k9zQa.js');
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const entry = await t.app.request('/widget/portal-page.js');
    expect(entry.headers.get('cache-control')).toBe('public, max-age=300');
    const css = await t.app.request('/widget/widget.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('compresses with br or gzip as the browser accepts, and varies on it', async () => {
    const get = (acceptEncoding?: string) =>
      t.app.request('/widget/bundle.js', {
        headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
      });
    const br = await get('gzip, deflate, br, zstd');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length, 'smaller').toBeLessThan(BUNDLE.length / 3);
    expect(brotliDecompressSync(brBytes).toString()).toBe(BUNDLE);

    const gz = await get('gzip, deflate');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(BUNDLE);

    for (const plain of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const res = await get(plain);
      expect(res.headers.get('content-encoding'), String(plain)).toBeNull();
      expect(await res.text(), String(plain)).toBe(BUNDLE);
    }
    const tiny = await t.app.request('/embed.js', { headers: { 'accept-encoding': 'br' } });
    expect(tiny.headers.get('content-encoding'), 'too small to bother').toBeNull();
  });

  it('answers 304 to a matching If-None-Match, per representation', async () => {
    const first = await t.app.request('/widget/bundle.js', {
      headers: { 'accept-encoding': 'br' },
    });
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"[\w-]+-br"$/);
    const again = await t.app.request('/widget/bundle.js', {
      headers: { 'accept-encoding': 'br', 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('cache-control')).toBe('public, max-age=300');
    expect(again.headers.get('etag')).toBe(etag);
    const plain = await t.app.request('/widget/bundle.js', { headers: { 'if-none-match': etag } });
    expect(plain.status, 'the uncompressed body is another representation').toBe(200);
  });

  it('serves a rebuilt file at once, never a stale compressed copy', async () => {
    const name = 'rebuilt.js';
    writeFileSync(join(dist, name), BUNDLE);
    const before = await t.app.request(`/widget/${name}`, { headers: { 'accept-encoding': 'br' } });
    const next = BUNDLE.replaceAll('value', 'changed');
    writeFileSync(join(dist, name), next);
    const after = await t.app.request(`/widget/${name}`, { headers: { 'accept-encoding': 'br' } });
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(brotliDecompressSync(Buffer.from(await after.arrayBuffer())).toString()).toBe(next);
  });

  it('refuses traversal, unknown types and missing files with 404', async () => {
    for (const path of [
      '/widget/..%2Fpackage.json',
      '/widget/%2e%2e%2fembed.js',
      '/widget/.hidden.js',
      '/widget/notes.txt',
      '/widget/nope.js',
    ]) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });

  it('says how to build the widget when it has not been built', async () => {
    const res = await unbuilt.app.request('/embed.js');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('pnpm --filter @portico/widget build');
  });

  it('tells hashed names from plain words', () => {
    expect(isHashedName('index-BxK3d9aZ.js')).toBe(true);
    expect(isHashedName('portal-page.js')).toBe(false);
    expect(isHashedName('portal-settings.js')).toBe(false);
    expect(isHashedName('embed.js')).toBe(false);
  });
});
