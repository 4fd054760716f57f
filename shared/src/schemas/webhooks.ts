import { z } from 'zod';
import { Id, OptionalText } from './common.js';

/** Every event a portal action emits: the webhook `type` and the events filter's vocabulary. */
export const WEBHOOK_EVENT_TYPES = [
  'customer.updated',
  'customer.ship_to_updated',
  'card.added',
  'card.removed',
  'card.default_changed',
  'subscription.activated',
  'subscription.suspended',
  'subscription.cancelled',
  'subscription.renewed',
  'subscription.renewal_failed',
  'subscription.ship_to_updated',
  'trial.expired',
  'trial.expiration_failed',
  'trial.cancelled',
  'salvage_transaction.paid',
  'salvage_transaction.payment_failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * An absolute http(s) URL without credentials or fragment. Whether http or a given host is
 * allowed depends on the environment and is decided by the BFF (https only in production).
 */
export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/ }))
  .refine((u) => {
    const url = URL.parse(u);
    return url !== null && !url.username && !url.password && !url.hash;
  }, 'no credentials or fragment in the URL');

/** Empty (or absent) means every event. */
const EventFilter = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((list) => [...new Set(list)].sort());

export const WebhookEndpointCreate = z.strictObject({
  url: WebhookUrl,
  description: OptionalText(200),
  events: EventFilter.optional(),
  enabled: z.boolean().optional(),
});
export type WebhookEndpointCreate = z.infer<typeof WebhookEndpointCreate>;

export const WebhookEndpointEdit = z
  .strictObject({
    url: WebhookUrl,
    description: OptionalText(200),
    events: EventFilter,
    enabled: z.boolean(),
  })
  .partial();
export type WebhookEndpointEdit = z.infer<typeof WebhookEndpointEdit>;

export const WebhookEndpoint = z.object({
  id: Id,
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** Creation and rotation answers: the secret, shown this once. */
export const WebhookEndpointWithSecret = WebhookEndpoint.extend({
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/),
});
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

/** One HTTP attempt in an endpoint's delivery log. */
export const WebhookDeliveryAttempt = z.object({
  id: Id,
  delivery_id: Id,
  event_id: Id,
  event_type: z.string(),
  attempt: z.number().int(),
  /** The receiver's HTTP status; null when no answer came (refused address, timeout, …). */
  status_code: z.number().int().nullable(),
  error: z.string().nullable(),
  succeeded: z.boolean(),
  duration_ms: z.number().int(),
  created_at: z.string(),
});
export type WebhookDeliveryAttempt = z.infer<typeof WebhookDeliveryAttempt>;

/** What a receiver gets: the body of every delivery. */
export interface WebhookEvent<T = Record<string, unknown>> {
  id: string;
  type: WebhookEventType;
  timestamp: string;
  data: T;
}
