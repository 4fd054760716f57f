/**
 * Every error code the API can answer with. The widget maps each to a message;
 * the BFF's one error handler turns them into `{ error: { code, message, details } }`.
 */
export const ERROR_CODES = {
  validation_failed: 400,
  invalid_json: 400,
  card_data_not_accepted: 400,
  card_token_invalid: 400,
  idempotency_key_required: 400,
  current_password_incorrect: 400,
  captcha_failed: 400,
  captcha_required: 400,
  unauthorized: 401,
  session_expired: 401,
  invalid_credentials: 401,
  login_link_invalid: 401,
  login_link_expired: 410,
  login_link_used: 410,
  forbidden: 403,
  permission_denied: 403,
  csrf_rejected: 403,
  origin_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  tracking_domain_not_ready: 422,
  smtp_profile_not_found: 422,
  campaign_not_found: 422,
  shop_not_found: 422,
  group_not_found: 422,
  card_not_found: 422,
  subscription_not_found: 422,
  trial_not_found: 422,
  email_from_mismatch: 422,
  email_code_missing: 422,
  deep_link_not_permitted: 422,
  customer_not_eligible: 422,
  invalid_state: 409,
  already_paid: 409,
  idempotency_in_flight: 409,
  idempotency_key_reused: 422,
  card_declined: 402,
  last_card_in_use: 409,
  no_payment_method: 409,
  payment_in_progress: 409,
  payment_outcome_unknown: 502,
  invalid_code: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  rate_limited: 429,
  service_unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
