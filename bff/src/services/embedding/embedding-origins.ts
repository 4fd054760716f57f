import type { Config } from '../../config.js';

/**
 * The origins allowed to embed a portal (CSP frame-ancestors) and to call its shopper API
 * from an inline widget (CORS): the tracking domain's https origin, the portal's stored
 * allowed origins (https only, validated on save), and, outside production only, the dev
 * storefront origins `http://<dev host>:<PORT>` where `pnpm start` serves the examples.
 *
 * Dev origins are added here at run time rather than stored, so a plain-http origin never
 * reaches the database and a production process never honours one.
 */
export function embeddingOrigins(
  portal: { trackingDomain: string; allowedOrigins: readonly string[] },
  config: Pick<Config, 'production' | 'devHosts' | 'port'>,
): string[] {
  return [
    ...new Set([
      `https://${portal.trackingDomain}`,
      ...portal.allowedOrigins,
      ...devStorefrontOrigins(config),
    ]),
  ];
}

export function devStorefrontOrigins(
  config: Pick<Config, 'production' | 'devHosts' | 'port'>,
): string[] {
  if (config.production) return [];
  return config.devHosts.map((host) => {
    const name = host.includes(':') ? `[${host}]` : host;
    return `http://${name}:${config.port}`;
  });
}

/** Exact match only: no prefix, suffix, wildcard or case folding, and never `null`. */
export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  return origin !== undefined && origin !== 'null' && allowed.includes(origin);
}
