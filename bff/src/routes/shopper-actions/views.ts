import type { Address, OverviewSubscription, OverviewTrial } from '@portico/shared';

export const toSubscription = (s: {
  id: string;
  product_name: string;
  amount: number;
  currency: string;
  interval: OverviewSubscription['interval'];
  interval_count: number;
  status: OverviewSubscription['status'];
  next_renewal_at: Date | null;
  ship_to: Address | null;
  card_id: string | null;
}): OverviewSubscription => ({
  id: s.id,
  product_name: s.product_name,
  amount: s.amount,
  currency: s.currency,
  interval: s.interval,
  interval_count: s.interval_count,
  status: s.status,
  next_renewal_at: s.next_renewal_at ? s.next_renewal_at.toISOString() : null,
  ship_to: s.ship_to,
  card_id: s.card_id,
});

export const toTrial = (t: {
  id: string;
  product_name: string;
  expiration_amount: number;
  currency: string;
  status: OverviewTrial['status'];
  expires_at: Date;
}): OverviewTrial => ({
  id: t.id,
  product_name: t.product_name,
  expiration_amount: t.expiration_amount,
  currency: t.currency,
  status: t.status,
  expires_at: t.expires_at.toISOString(),
});
