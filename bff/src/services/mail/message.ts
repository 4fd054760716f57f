import type { Tx } from '@portico/db';
import type { PortalEmailSettings } from '@portico/shared';
import { enqueueOutbox } from '../audit/audit.js';
import { renderTemplate, type TemplateVars } from './render.js';

/** One email as the outbox keeps it: fully rendered, with the SMTP profile to send through. */
export interface OutboxEmail {
  smtp_profile_id: string;
  to: string;
  cc: string[];
  bcc: string[];
  from: string;
  from_name: string;
  subject: string;
  html: string;
  /** What it is, for logs (never the content). */
  template: 'confirm' | 'reset' | 'password_changed';
}

/** Renders the portal's template and queues it in the caller's transaction. */
export async function queuePortalEmail(
  tx: Tx,
  input: {
    accountId: string;
    smtpProfileId: string;
    to: string;
    settings: PortalEmailSettings;
    vars: TemplateVars;
    template: OutboxEmail['template'];
  },
): Promise<string> {
  const email: OutboxEmail = {
    smtp_profile_id: input.smtpProfileId,
    to: input.to,
    cc: input.settings.cc ?? [],
    bcc: input.settings.bcc ?? [],
    from: input.settings.from,
    from_name: input.settings.from_name,
    subject: renderTemplate(input.settings.subject, input.vars),
    html: renderTemplate(input.settings.html, input.vars),
    template: input.template,
  };
  return enqueueOutbox(tx, {
    accountId: input.accountId,
    kind: 'email',
    payload: email as unknown as Record<string, unknown>,
  });
}

/** The notice after a password change; sender from the portal's reset email settings. */
export function passwordChangedSettings(reset: PortalEmailSettings): PortalEmailSettings {
  return {
    ...reset,
    cc: [],
    bcc: [],
    subject: 'Your {{portal_display_name}} password was changed',
    html:
      '<p>Hi {{customer_first_name}},</p><p>The password for your {{portal_display_name}} ' +
      'account was just changed and every signed-in device was signed out. If this was not ' +
      'you, reset your password again and contact support.</p>',
  };
}
