import { describe, expect, it } from 'vitest';
import type { WebhookAttemptRow, WebhookRow } from './api.ts';
import { autoDisabled, disabledText, summarizeAttempt } from './webhook-health.ts';

const hook: WebhookRow = {
  id: 'a1',
  url: 'https://his.example.org/events',
  events: ['message.status'],
  enabled: true,
  consecutiveFailures: 0,
  disabledAt: null,
  disabledReason: null,
  previousSecretExpiresAt: null,
  createdAt: '2026-11-26T08:00:00.000Z',
};
const failed: WebhookRow = {
  ...hook,
  id: 'a2',
  enabled: false,
  consecutiveFailures: 20,
  disabledAt: '2026-11-26T09:30:00.000Z',
  disabledReason: '20 consecutive failed deliveries (last: HTTP 500)',
};
const turnedOff: WebhookRow = { ...failed, id: 'a3', disabledReason: 'disabled_by_agency' };
const attempt: WebhookAttemptRow = {
  id: 7,
  eventId: 'e1',
  eventType: 'message.status',
  attempt: 1,
  statusCode: 204,
  error: null,
  durationMs: 85,
  ok: true,
  at: '2026-11-26T09:00:00.000Z',
};

describe('autoDisabled', () => {
  it('picks the webhooks the platform turned off, not the ones the agency did', () => {
    expect(autoDisabled([hook, failed, turnedOff]).map((h) => h.id)).toEqual(['a2']);
  });
});

describe('disabledText', () => {
  it('says when and why a failing webhook was disabled', () => {
    expect(disabledText(failed, (iso) => iso.slice(0, 10))).toBe(
      'Disabled on 2026-11-26 after 20 consecutive failed deliveries (last: HTTP 500). Events raised while it is off are not sent.',
    );
    expect(disabledText(turnedOff, () => 'today')).toBe('Turned off by the agency on today.');
  });
});

describe('summarizeAttempt', () => {
  it('shows the status code or the network error, and a readable duration', () => {
    expect(summarizeAttempt(attempt)).toEqual({ ok: true, outcome: 'HTTP 204', duration: '85 ms' });
    expect(
      summarizeAttempt({ ...attempt, ok: false, statusCode: null, error: 'ECONNREFUSED', durationMs: 2412 }),
    ).toEqual({ ok: false, outcome: 'ECONNREFUSED', duration: '2.4 s' });
    expect(
      summarizeAttempt({ ...attempt, ok: false, statusCode: 500, error: 'Internal', durationMs: null }),
    ).toEqual({ ok: false, outcome: 'HTTP 500: Internal', duration: '' });
    expect(summarizeAttempt({ ...attempt, ok: false, statusCode: null, durationMs: null }).outcome).toBe(
      'no answer',
    );
  });
});
