/** How webhooks behave in this process; tests shrink the thresholds. */
export interface WebhookSettings {
  /** Allow http:// and https:// to loopback (localhost, 127.0.0.0/8, ::1): development and tests only. */
  allowLoopback?: boolean;
  /** Consecutive failed attempts before the webhook is disabled. */
  maxConsecutiveFailures?: number;
  /** A webhook failing without a success for this long is disabled at its next failure. */
  maxFailingMs?: number;
  /** Tries per batch of events before it is given up (the webhook stays enabled unless a limit above hits). */
  maxAttempts?: number;
  /** Delay before the second try; doubles each time. */
  retryBaseMs?: number;
  /** Per request, connect to last byte. */
  timeoutMs?: number;
}

export const WEBHOOK_DEFAULTS = {
  allowLoopback: false,
  maxConsecutiveFailures: 20,
  maxFailingMs: 24 * 3600_000,
  // 30 s doubling: 8 tries span about an hour (30 s + 1 m + 2 m + ... + 32 m).
  maxAttempts: 8,
  retryBaseMs: 30_000,
  timeoutMs: 10_000,
} as const satisfies Required<WebhookSettings>;

/** Settings with every default filled in. */
export function webhookSettings(s: WebhookSettings | undefined): Required<WebhookSettings> {
  return { ...WEBHOOK_DEFAULTS, ...s };
}

/** How long a rotated-out secret keeps signing by default. */
export const ROTATION_GRACE_SECONDS = 24 * 3600;
/** Events per `webhook.deliver` job. */
export const EVENTS_PER_JOB = 100;
