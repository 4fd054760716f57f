import { resolve } from 'node:path';
import { type DbKind, DEMO_CUSTOMERS, DEMO_IDS, DEMO_PASSWORD } from '@portico/db';
import type { Config } from '../config.js';
import type { DemoStatus } from './demo.js';

export interface BannerInput {
  config: Config;
  port: number;
  dbKind: DbKind;
  demo: DemoStatus;
}

/**
 * What `pnpm start` prints once listening. The key line is `DEMO_ADMIN_KEY=<key>` on its
 * own line so scripts (the CI smoke run) can read it from the log.
 */
export function startupBanner({ config, port, dbKind, demo }: BannerInput): string {
  const base = `http://localhost:${port}`;
  const database =
    dbKind === 'pglite' ? `embedded PGlite at ${resolve(config.dataDir)}` : 'Postgres';
  const lines = [
    '',
    `Portico is running (${database}${config.production ? ', production' : ''})`,
    '',
    `  BFF                 ${base}   (health: ${base}/healthz)`,
    `  Admin API           ${base}/api/admin/v1`,
  ];
  if (!demo.seeded) return [...lines, ''].join('\n');

  const portal = (id: string) => `${base}/p/${id}`;
  lines.push(
    `  Brand A storefront  ${base}/examples/brand-a/   (iframe embed)`,
    `  Brand B storefront  ${base}/examples/brand-b/   (script tag, inline)`,
    `  Brand A portal      ${portal(DEMO_IDS.portalBrandA)}`,
    `  Brand B portal      ${portal(DEMO_IDS.portalBrandB)}`,
    `  Dev mailbox         ${base}/dev/mailbox`,
    '',
    `Demo logins (password for all: ${DEMO_PASSWORD})`,
    ...demoLogins(),
    '',
  );
  if (demo.apiKey) {
    lines.push(
      'Demo admin API key (shown once, store it now):',
      `DEMO_ADMIN_KEY=${demo.apiKey}`,
      `  curl -H "Authorization: Bearer $DEMO_ADMIN_KEY" ${base}/api/admin/v1/campaigns`,
    );
  } else {
    lines.push(
      'Demo admin API key: issued on the first start and shown only then.',
      '  Another one: stop this, then run  DEMO_NEW_KEY=true pnpm start',
    );
  }
  return [...lines, ''].join('\n');
}

function demoLogins(): string[] {
  const group = (label: string, pick: (c: (typeof DEMO_CUSTOMERS)[number]) => boolean) => {
    const emails = DEMO_CUSTOMERS.filter(pick).map((c) => c.email);
    return emails.length ? [`  ${label.padEnd(20)}${emails.join(', ')}`] : [];
  };
  return [
    ...group('Brand A', (c) => !c.disabled && c.brands.join() === 'a'),
    ...group('Brand B', (c) => !c.disabled && c.brands.join() === 'b'),
    ...group('Both brands', (c) => !c.disabled && c.brands.length === 2),
    ...group('Disabled (refused)', (c) => c.disabled === true),
  ];
}
