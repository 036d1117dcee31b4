import type { WebhookAttemptRow, WebhookEventName, WebhookRow } from './api.ts';

/** What an agency can subscribe a webhook to, in the order the form offers them. */
export const WEBHOOK_EVENTS: ReadonlyArray<{ id: WebhookEventName; label: string }> = [
  { id: 'message.status', label: 'Message status' },
  { id: 'message.inbound', label: 'Inbound messages' },
  { id: 'message.reply', label: 'Keyword replies' },
  { id: 'subscriber.opted_out', label: 'Opt-outs' },
  { id: 'subscriber.opted_in', label: 'Opt-ins' },
  { id: 'agency.quota_warning', label: 'Quota warnings' },
];

/** The reason the agency itself gives when it turns a webhook off (set-enabled.ts). */
const BY_AGENCY = 'disabled_by_agency';

/** Webhooks the platform turned off after sustained failure: the ones the agency must be told about. */
export function autoDisabled(hooks: readonly WebhookRow[]): WebhookRow[] {
  return hooks.filter((h) => !h.enabled && h.disabledReason !== BY_AGENCY);
}

/** Why a webhook is off, in the agency's words; `formatTime` renders `disabledAt`. */
export function disabledText(hook: WebhookRow, formatTime: (iso: string) => string): string {
  const when = hook.disabledAt === null ? '' : ` on ${formatTime(hook.disabledAt)}`;
  if (hook.disabledReason === BY_AGENCY) return `Turned off by the agency${when}.`;
  const why = hook.disabledReason ?? 'sustained delivery failures';
  return `Disabled${when} after ${why}. Events raised while it is off are not sent.`;
}

export interface AttemptSummary {
  ok: boolean;
  /** "HTTP 204", or the network error when no answer came. */
  outcome: string;
  /** "85 ms", "2.4 s", or "" when unmeasured. */
  duration: string;
}

/** One delivery attempt as the attempts table shows it. */
export function summarizeAttempt(a: WebhookAttemptRow): AttemptSummary {
  const http = a.statusCode === null ? null : `HTTP ${a.statusCode}`;
  const outcome = [http, a.error].filter((p): p is string => p !== null && p !== '').join(': ');
  return { ok: a.ok, outcome: outcome || 'no answer', duration: duration(a.durationMs) };
}

function duration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
