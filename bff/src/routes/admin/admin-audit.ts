import type { Tx } from '@portico/db';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { recordAudit } from '../../services/audit/audit.js';

/** An audit event for an admin API write, in that write's transaction. */
export function auditAdmin(
  c: Context<AppEnv>,
  tx: Tx,
  event: {
    action: string;
    subjectType: string;
    subjectId: string;
    portalId?: string;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  return recordAudit(tx, {
    accountId: c.get('admin').accountId,
    actor: 'admin',
    requestId: c.get('requestId'),
    ...event,
  });
}
