import type { CancelRequest } from '@portico/shared';
import { ApiError } from '../../http/api-error.js';
import type { PortalRecord } from '../portals/portal-record.js';

/** What a cancellation records: on the subscription, in the note and in the event. */
export interface CancelDetails {
  /** The portal's reason id, or the shopper's words where the portal lists no reasons. */
  reason: string | null;
  /** The reason in the merchant's words (English label), when it is one of theirs. */
  reasonLabel: string | null;
  comment: string | null;
}

const invalid = (path: string, code: string, message: string, extra: object = {}) =>
  new ApiError('validation_failed', 'the body is not valid', {
    issues: [{ path, code, message, ...extra }],
  });

/**
 * Checks a cancel request against the portal's cancel flow: with reasons configured the
 * reason must be one of their ids; a comment must be absent when comments are off and
 * present when required. 400 `validation_failed` otherwise, naming the field.
 */
export function resolveCancel(
  portal: Pick<PortalRecord, 'cancelReasons' | 'cancelComment'>,
  body: CancelRequest,
): CancelDetails {
  const reason = body.reason?.trim() || null;
  const comment = body.comment?.trim() || null;
  if (portal.cancelComment === 'off' && comment)
    throw invalid('comment', 'not_allowed', 'this portal does not take a comment');
  if (portal.cancelComment === 'required' && !comment)
    throw invalid('comment', 'required', 'this portal asks for a comment');
  if (portal.cancelReasons.length === 0) return { reason, reasonLabel: null, comment };
  const chosen = portal.cancelReasons.find((r) => r.id === reason);
  if (!chosen)
    throw invalid('reason', reason ? 'unknown_reason' : 'required', "one of the portal's reasons", {
      allowed: portal.cancelReasons.map((r) => r.id),
    });
  return { reason: chosen.id, reasonLabel: chosen.label.en, comment };
}

/** The customer note's tail: the reason in the merchant's words and the comment. */
export function cancelNoteDetail(d: CancelDetails): string {
  const parts: string[] = [];
  const reason = d.reasonLabel ?? d.reason;
  if (reason) parts.push(`Reason: ${reason}`);
  if (d.comment) parts.push(`Comment: ${d.comment}`);
  return parts.join('. ');
}
