import { randomBytes } from 'node:crypto';
import type { Db } from '@portico/db';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { isPortalOrigin } from './allowed-origins.js';
import { cardFieldsPage } from './card-fields-page.js';
import { tokenizeCard } from './tokenize.js';

export interface SandboxAppOptions {
  db: Db;
  /** HMAC key for card fingerprints. */
  secret: string;
  devHosts: string[];
  clock?: () => Date;
}

const TokenRequest = z.strictObject({
  number: z.string().min(1).max(32),
  exp_month: z.number().int(),
  exp_year: z.number().int(),
  cvc: z.string().max(8),
});

/**
 * The sandbox gateway's own origin (a second port of the BFF process): card fields and the
 * tokenize endpoint. Card data reaches only this app; the shopper API sees tokens.
 */
export function createSandboxGatewayApp(opts: SandboxAppOptions) {
  const clock = opts.clock ?? (() => new Date());
  const allowed = (origin: string) => isPortalOrigin(opts.db, origin, opts.devHosts);

  return new Hono()
    .use('*', async (c, next) => {
      await next();
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Referrer-Policy', 'no-referrer');
      c.header('Cache-Control', 'no-store');
    })
    .get('/card-fields', async (c) => {
      const parentOrigin = c.req.query('origin') ?? '';
      if (!(await allowed(parentOrigin))) {
        return c.text('origin is not a portal origin', 400);
      }
      const nonce = randomBytes(16).toString('base64');
      c.header(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'none'; base-uri 'none'; object-src 'none'; frame-ancestors ${parentOrigin}`,
      );
      return c.html(cardFieldsPage({ parentOrigin, nonce }));
    })
    .use(
      '/tokens',
      cors({
        origin: async (origin) => ((await allowed(origin)) ? origin : null),
        allowMethods: ['POST'],
        allowHeaders: ['content-type'],
        maxAge: 600,
      }),
    )
    .post('/tokens', async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: { code: 'invalid_json', message: 'send JSON' } }, 400);
      }
      const parsed = TokenRequest.safeParse(body);
      if (!parsed.success) {
        return c.json(
          { error: { code: 'validation_failed', message: 'Your card details are incomplete.' } },
          400,
        );
      }
      const result = await tokenizeCard(opts.db, parsed.data, {
        secret: opts.secret,
        now: clock(),
        origin: c.req.header('origin') ?? null,
      });
      if (!result.ok) {
        return c.json(
          { error: { code: 'card_invalid', field: result.field, message: result.message } },
          400,
        );
      }
      return c.json({ token: result.token, brand: result.brand, last4: result.last4 }, 201);
    });
}
