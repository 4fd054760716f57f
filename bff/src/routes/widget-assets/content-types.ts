/** Content types of what the widget build emits. */
export const ASSET_TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
} as const;
export type AssetExtension = keyof typeof ASSET_TYPES;

/** One path segment: letters, digits, dot, dash, underscore; never a slash or a dot-name. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export function assetExtension(name: string): AssetExtension | undefined {
  if (!SAFE_NAME.test(name)) return undefined;
  const ext = name.slice(name.lastIndexOf('.'));
  return ext in ASSET_TYPES ? (ext as AssetExtension) : undefined;
}

/**
 * Vite names chunks `name-<8 char hash>.js`: such a file never changes, so it may be cached
 * for a year. A hash has a digit or an upper-case letter, which tells it from a plain word
 * (`portal-settings.js`). Entry files (`widget.js`, `embed.js`, `portal-page.js`) keep their
 * names across builds and get a short cache.
 */
const HASHED = /[-.]([A-Za-z0-9_-]{8,})\.(m?js|css|map)$/;

export function isHashedName(name: string): boolean {
  const hash = HASHED.exec(name)?.[1];
  return hash !== undefined && /[0-9A-Z]/.test(hash);
}

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Short, so a merchant's pages pick up a new embed.js within minutes. */
export const CACHE_SHORT = 'public, max-age=300';
