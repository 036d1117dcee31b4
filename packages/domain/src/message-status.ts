/** Message states of the public contract (DESIGN.md "The contract"). */
export const MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'submitted',
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'rejected',
  'unknown',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** States a message never leaves. `unknown` is final for sending but a late receipt may still settle it. */
export const FINAL_STATUSES: ReadonlySet<MessageStatus> = new Set([
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'rejected',
]);

// Rank orders the lifecycle so late or duplicate events never move a message backwards.
const RANK: Record<MessageStatus, number> = {
  accepted: 0,
  scheduled: 1,
  queued: 2,
  submitted: 3,
  unknown: 4,
  delivered: 5,
  failed: 5,
  expired: 5,
  cancelled: 5,
  rejected: 5,
};

/** True when moving from `from` to `to` goes forward in the lifecycle. */
export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  if (FINAL_STATUSES.has(from)) return false;
  return RANK[to] > RANK[from];
}

/** Stable snake_case reasons stored beside a status. */
export const MESSAGE_REASONS = [
  'opted_out',
  'quota_exceeded',
  'invalid_number',
  'no_route',
  'carrier_rejected',
  'carrier_undeliverable',
  'carrier_expired',
  'carrier_deleted',
  'carrier_unknown',
  'no_submit_response',
  'validity_expired',
  'encoding_failed',
  'cancelled_by_user',
] as const;
export type MessageReason = (typeof MESSAGE_REASONS)[number];
