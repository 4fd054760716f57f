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

/** Where a merchant's login link may open the portal. */
export const DEEP_LINK_FLOWS = [
  'update_payment_method',
  'pay_salvage',
  'manage_subscription',
  'cancel_subscription',
  'update_ship_to',
] as const;
export type DeepLinkFlow = (typeof DEEP_LINK_FLOWS)[number];

/**
 * The permissions a deep link's flow needs: any one of them. A link into a flow the
 * portal does not allow is refused when it is minted, and dropped if turned off since.
 */
export const DEEP_LINK_PERMISSIONS = {
  update_payment_method: ['credit_card_add'],
  pay_salvage: ['salvage_transaction_process'],
  manage_subscription: [
    'subscription_renew',
    'subscription_activate',
    'subscription_suspend',
    'subscription_cancel',
    'shipping_modify_ship_to',
  ],
  cancel_subscription: ['subscription_cancel'],
  update_ship_to: ['shipping_modify_ship_to'],
} as const satisfies Record<DeepLinkFlow, readonly Permission[]>;

export function deepLinkAllowed(flow: DeepLinkFlow, permissions: readonly string[]): boolean {
  return DEEP_LINK_PERMISSIONS[flow].some((p) => permissions.includes(p));
}
