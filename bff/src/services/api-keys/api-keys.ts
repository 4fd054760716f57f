import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '@portico/db';

const KEY_PREFIX = 'pk_';

/** 32 random bytes (256 bits) of secret; only its SHA-256 is stored. */
export async function createApiKey(
  db: Db,
  accountId: string,
  name: string,
): Promise<{ id: string; key: string; prefix: string }> {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const key = `${KEY_PREFIX}${prefix}_${secret}`;
  const row = await db
    .insertInto('api_keys')
    .values({ account_id: accountId, name, prefix, key_hash: hashKey(key) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, key, prefix };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const KEY_SHAPE = /^pk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

/** Looks a presented key up by its prefix and compares hashes in constant time. */
export async function findActiveKey(
  db: Db,
  presented: string,
): Promise<{ id: string; account_id: string; last_used_at: Date | null } | undefined> {
  const match = KEY_SHAPE.exec(presented);
  if (!match) return undefined;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'account_id', 'key_hash', 'last_used_at'])
    .where('prefix', '=', match[1] as string)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const a = Buffer.from(row.key_hash, 'hex');
  const b = Buffer.from(hashKey(presented), 'hex');
  return a.length === b.length && timingSafeEqual(a, b) ? row : undefined;
}

export async function revokeApiKey(db: Db, accountId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records when a key was last used, at most once a minute per key, so a busy integration
 * does not turn every request into a write.
 */
export async function touchApiKey(
  db: Db,
  key: { id: string; last_used_at: Date | null },
  now: Date,
): Promise<void> {
  const staleBefore = new Date(now.getTime() - 60_000);
  // Fresh as read with the key: no write at all. The WHERE below settles concurrent touches.
  if (key.last_used_at && key.last_used_at >= staleBefore) return;
  const id = key.id;
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}
