import type { Config } from '../../config.js';

/**
 * Origins the page may frame for card entry: the sandbox gateway's card fields, served on
 * GATEWAY_PORT of the host the page itself was served from (and, outside production, of
 * each dev host). A real gateway's origin would be added here.
 */
export function cardFieldsOrigins(
  config: Pick<Config, 'production' | 'devHosts' | 'gatewayPort'>,
  pageUrl: string,
): string[] {
  const url = new URL(pageUrl);
  const origins = [`${url.protocol}//${url.hostname}:${config.gatewayPort}`];
  if (!config.production) {
    for (const host of config.devHosts) {
      const name = host.includes(':') ? `[${host}]` : host;
      origins.push(`http://${name}:${config.gatewayPort}`);
    }
  }
  return [...new Set(origins)];
}
