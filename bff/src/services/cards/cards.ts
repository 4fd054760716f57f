import type { Db, Tx } from '@portico/db';
import type { Card } from '@portico/shared';
import { ApiError } from '../../http/api-error.js';
import type { Owner } from '../ownership/owned.js';
import type { PaymentGateway } from '../payments/gateway.js';

export interface CardRow {
  id: string;
  customer_id: string;
  gateway_token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  is_default: boolean;
  created_at: Date;
}

const CARD_COLUMNS = [
  'id',
  'customer_id',
  'gateway_token',
  'brand',
  'last4',
  'exp_month',
  'exp_year',
  'is_default',
  'created_at',
] as const;

export const toCard = (r: CardRow): Card => ({
  id: r.id,
  brand: r.brand,
  last4: r.last4,
  exp_month: r.exp_month,
  exp_year: r.exp_year,
  is_default: r.is_default,
  created_at: r.created_at.toISOString(),
});

/** A live card of this customer in this account, or undefined (the caller answers 404). */
export function findOwnedCard(db: Db | Tx, owner: Owner, cardId: string) {
  return db
    .selectFrom('customer_cards')
    .select(CARD_COLUMNS)
    .where('id', '=', cardId)
    .where('customer_id', '=', owner.customerId)
    .where('account_id', '=', owner.accountId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export function listCards(db: Db | Tx, owner: Owner) {
  return db
    .selectFrom('customer_cards')
    .select(CARD_COLUMNS)
    .where('customer_id', '=', owner.customerId)
    .where('account_id', '=', owner.accountId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Serializes card changes of one customer (default flips, removals) across instances. */
export async function lockCustomer(tx: Tx, owner: Owner): Promise<void> {
  await tx
    .selectFrom('customers')
    .select('id')
    .where('id', '=', owner.customerId)
    .where('account_id', '=', owner.accountId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/**
 * Asks the gateway's vault about a token (outside any transaction: it is a network call).
 * Unknown tokens are refused.
 */
export async function vaultedCard(gateway: PaymentGateway, token: string) {
  const card = await gateway.retrieveToken(token);
  if (!card) throw new ApiError('card_token_invalid', 'the card token is not valid');
  return card;
}

/** Attaches a vaulted token; the customer's first card becomes the default. */
export async function attachCard(
  tx: Tx,
  owner: Owner,
  input: {
    gateway: string;
    token: string;
    card: Awaited<ReturnType<typeof vaultedCard>>;
    makeDefault: boolean;
  },
): Promise<CardRow> {
  await lockCustomer(tx, owner);
  // A token is single use: attached once, to one customer.
  const used = await tx
    .selectFrom('customer_cards')
    .select('id')
    .where('gateway', '=', input.gateway)
    .where('gateway_token', '=', input.token)
    .executeTakeFirst();
  if (used) throw new ApiError('card_token_invalid', 'the card token was already used');
  const live = await listCards(tx, owner);
  const isDefault = live.length === 0 || input.makeDefault;
  if (isDefault) await clearDefault(tx, owner);
  return tx
    .insertInto('customer_cards')
    .values({
      account_id: owner.accountId,
      customer_id: owner.customerId,
      gateway: input.gateway,
      gateway_token: input.token,
      brand: input.card.brand,
      last4: input.card.last4,
      exp_month: input.card.exp_month,
      exp_year: input.card.exp_year,
      fingerprint: input.card.fingerprint,
      is_default: isDefault,
    })
    .returning(CARD_COLUMNS)
    .executeTakeFirstOrThrow();
}

async function clearDefault(tx: Tx, owner: Owner): Promise<void> {
  await tx
    .updateTable('customer_cards')
    .set({ is_default: false })
    .where('customer_id', '=', owner.customerId)
    .where('account_id', '=', owner.accountId)
    .where('is_default', '=', true)
    .execute();
}

export async function setDefaultCard(tx: Tx, owner: Owner, cardId: string): Promise<void> {
  await lockCustomer(tx, owner);
  await clearDefault(tx, owner);
  await tx
    .updateTable('customer_cards')
    .set({ is_default: true })
    .where('id', '=', cardId)
    .where('customer_id', '=', owner.customerId)
    .execute();
}

/**
 * Removes a card. Subscriptions pinned to it fall back to the default card; when it was
 * the default, the newest other card takes over. Refused (409 last_card_in_use) when an
 * active subscription would be left with no card at all.
 */
export async function removeCard(
  tx: Tx,
  owner: Owner,
  card: CardRow,
  now: Date,
): Promise<{ newDefaultId: string | null }> {
  await lockCustomer(tx, owner);
  const others = (await listCards(tx, owner)).filter((c) => c.id !== card.id);
  const backed = await tx
    .selectFrom('subscriptions')
    .select(['id', 'card_id'])
    .where('customer_id', '=', owner.customerId)
    .where('account_id', '=', owner.accountId)
    .where('status', '=', 'active')
    .execute();
  const dependsOnIt = backed.some(
    (s) => s.card_id === card.id || (card.is_default && !others.some((o) => o.id === s.card_id)),
  );
  if (dependsOnIt && others.length === 0) {
    throw new ApiError(
      'last_card_in_use',
      'this card pays for an active subscription; add another card first',
    );
  }
  await tx
    .updateTable('customer_cards')
    .set({ removed_at: now, is_default: false })
    .where('id', '=', card.id)
    .execute();
  await tx
    .updateTable('subscriptions')
    .set({ card_id: null, updated_at: now })
    .where('card_id', '=', card.id)
    .where('customer_id', '=', owner.customerId)
    .execute();
  let newDefaultId: string | null = null;
  if (card.is_default) {
    const next = others.at(-1);
    if (next) {
      await tx
        .updateTable('customer_cards')
        .set({ is_default: true })
        .where('id', '=', next.id)
        .execute();
      newDefaultId = next.id;
    }
  }
  return { newDefaultId };
}

/** The card a charge uses: the chosen one, the subscription's own, or the default. */
export async function chargeableCard(
  tx: Tx,
  owner: Owner,
  preferredIds: Array<string | null | undefined>,
): Promise<CardRow> {
  const live = await listCards(tx, owner);
  for (const id of preferredIds) {
    const match = id ? live.find((c) => c.id === id) : undefined;
    if (match) return match;
  }
  const fallback = live.find((c) => c.is_default);
  if (!fallback) {
    throw new ApiError('no_payment_method', 'add a card before paying');
  }
  return fallback;
}
