import type { Db } from '@portico/db';
import { createApiKey } from '../api-keys/api-keys.js';
import { recordAudit } from '../audit/audit.js';

/** A new merchant account and its first admin API key, committed together. */
export async function createAccount(
  db: Db,
  name: string,
): Promise<{ accountId: string; apiKeyId: string; key: string }> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200)
    throw new RangeError('an account name is 1 to 200 characters');
  return db.transaction().execute(async (tx) => {
    const account = await tx
      .insertInto('accounts')
      .values({ name: trimmed })
      .returning('id')
      .executeTakeFirstOrThrow();
    const key = await createApiKey(tx, account.id, 'first key');
    await recordAudit(tx, {
      accountId: account.id,
      actor: 'system',
      action: 'account.created',
      subjectType: 'account',
      subjectId: account.id,
      data: { api_key_prefix: key.prefix },
    });
    return { accountId: account.id, apiKeyId: key.id, key: key.key };
  });
}
