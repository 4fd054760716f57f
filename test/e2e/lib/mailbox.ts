import { expect } from 'vitest';

interface DevMail {
  to_email: string;
  subject: string;
  html: string;
  created_at: string;
}

/**
 * Reads the newest six-digit code mailed to `to` from the dev mailbox (/dev/mailbox.json),
 * waiting until a mail newer than `after` arrives (the outbox worker sends asynchronously).
 */
export async function codeFromMailbox(origin: string, to: string, after: Date): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${origin}/dev/mailbox.json`);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: DevMail[] };
    const mail = data.find(
      (m) => m.to_email === to && new Date(m.created_at).getTime() >= after.getTime() - 1_000,
    );
    const code = mail?.html.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no code mailed to ${to}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
