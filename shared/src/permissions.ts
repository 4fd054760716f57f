/** The twelve customer portal permissions, spelled as in the seed documents. */
export const PERMISSIONS = [
  'contact_modify',
  'credit_card_add',
  'credit_card_remove',
  'credit_card_set_default',
  'shipping_modify_ship_to',
  'subscription_renew',
  'subscription_activate',
  'subscription_suspend',
  'subscription_cancel',
  'trial_expire',
  'trial_cancel',
  'salvage_transaction_process',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
