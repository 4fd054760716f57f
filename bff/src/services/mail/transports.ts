import type { Tx } from '@portico/db';
import * as postmark from 'postmark';
import type { Config } from '../../config.js';
import type { OutboxEmail } from './message.js';

export interface SmtpProfile {
  id: string;
  account_id: string;
  transport: 'postmark' | 'dev_outbox';
  postmark_server_token: string | null;
}

/**
 * Delivers one email. Throws on failure (the worker retries). `tx` is the worker's
 * transaction, for transports that write to the database.
 */
export interface MailTransport {
  send(email: OutboxEmail, profile: SmtpProfile, tx: Tx): Promise<void>;
}

export interface MailTransports {
  postmark: MailTransport;
  dev_outbox: MailTransport;
}

function formatFrom(email: OutboxEmail): string {
  const name = email.from_name.replaceAll('"', "'");
  return `"${name}" <${email.from}>`;
}

/** The real Postmark API; its host is configurable so tests and staging point at a stub. */
export function postmarkTransport(config: Pick<Config, 'postmarkApiHost' | 'postmarkUseHttps'>) {
  const clients = new Map<string, postmark.ServerClient>();
  const client = (token: string) => {
    let c = clients.get(token);
    if (!c) {
      c = new postmark.ServerClient(token, {
        useHttps: config.postmarkUseHttps,
        ...(config.postmarkApiHost ? { requestHost: config.postmarkApiHost } : {}),
        timeout: 15,
      });
      clients.set(token, c);
    }
    return c;
  };
  return {
    async send(email, profile) {
      if (!profile.postmark_server_token) throw new Error('smtp profile has no Postmark token');
      await client(profile.postmark_server_token).sendEmail({
        From: formatFrom(email),
        To: email.to,
        ...(email.cc.length ? { Cc: email.cc.join(',') } : {}),
        ...(email.bcc.length ? { Bcc: email.bcc.join(',') } : {}),
        Subject: email.subject,
        HtmlBody: email.html,
        MessageStream: 'outbound',
      });
    },
  } satisfies MailTransport;
}

/** Development: the mail lands in `dev_mails`, readable on the dev-only mailbox page. */
export const devOutboxTransport: MailTransport = {
  async send(email, profile, tx) {
    await tx
      .insertInto('dev_mails')
      .values({
        account_id: profile.account_id,
        to_email: email.to,
        cc: email.cc,
        bcc: email.bcc,
        from_email: email.from,
        from_name: email.from_name,
        subject: email.subject,
        html: email.html,
      })
      .execute();
  },
};

export function defaultTransports(config: Config): MailTransports {
  return { postmark: postmarkTransport(config), dev_outbox: devOutboxTransport };
}
