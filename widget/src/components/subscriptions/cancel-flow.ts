import type { PortalConfig } from '@portico/shared';
import type { MessageKey, WidgetLocale } from '../../i18n/index.js';

/** Reasons offered when the portal lists none of its own (sent as free text). */
export const CANCEL_REASONS = [
  'too_expensive',
  'not_needed',
  'too_much',
  'quality',
  'other',
] as const;

export interface ReasonOption {
  id: string;
  label: string;
}

/**
 * The reasons to offer: the merchant's own, in the shopper's language (English when the
 * merchant gave no translation), else the built-in list. `own` says which it is: the
 * merchant's list has no default, the shopper must pick.
 */
export function reasonOptions(
  config: PortalConfig | undefined,
  locale: WidgetLocale,
  t: (key: MessageKey) => string,
): { own: boolean; options: ReasonOption[] } {
  const own = config?.cancel_reasons ?? [];
  if (own.length > 0) {
    return {
      own: true,
      options: own.map((r) => ({ id: r.id, label: r.label[locale] ?? r.label.en })),
    };
  }
  return {
    own: false,
    options: CANCEL_REASONS.map((id) => ({ id, label: t(`reason_${id}` as MessageKey) })),
  };
}

/** Whether cancelling first offers to suspend instead (the BFF already checks the permission). */
export function offersSave(
  config: PortalConfig | undefined,
  status: string,
  canSuspend: boolean,
): boolean {
  return Boolean(config?.cancel_save_offer) && canSuspend && status === 'active';
}
