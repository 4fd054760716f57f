import type { Db } from '@portico/db';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { escapeHtml } from '../../services/mail/render.js';

const recentMail = (db: Db) =>
  db.selectFrom('dev_mails').selectAll().orderBy('created_at', 'desc').limit(100).execute();

/** The dev outbox's mail, newest first. Development only: 404 in production. */
export const devMailbox = new Hono<AppEnv>()
  .use('*', async (c, next) => {
    if (c.get('deps').config.production) throw notFound('route');
    await next();
  })
  .get('/mailbox.json', async (c) => {
    const mails = await recentMail(c.get('deps').db);
    c.header('Cache-Control', 'no-store');
    return c.json({ data: mails });
  })
  .get('/mailbox', async (c) => {
    const mails = await recentMail(c.get('deps').db);
    const items = mails
      .map(
        (m) =>
          `<li><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to_email)} from ` +
          `${escapeHtml(m.from_name)} &lt;${escapeHtml(m.from_email)}&gt; at ` +
          `${escapeHtml(m.created_at.toISOString())}</p><pre>${escapeHtml(m.html)}</pre></li>`,
      )
      .join('');
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev mailbox</title>` +
        `</head><body><h1>Dev mailbox (development only)</h1><ul>${items || '<li>No mail yet.</li>'}</ul></body></html>`,
    );
  });
