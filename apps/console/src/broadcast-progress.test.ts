import { describe, expect, it } from 'vitest';
import type { BroadcastProgressData } from './api.ts';
import { broadcastActions, formatEta, isActive, progressSummary, stillMoving } from './broadcast-progress.ts';

const counts = {
  accepted: 0,
  scheduled: 0,
  queued: 0,
  submitted: 0,
  delivered: 0,
  failed: 0,
  rejected: 0,
  cancelled: 0,
  expired: 0,
  unknown: 0,
};

describe('formatEta', () => {
  it('reads seconds, minutes and hours', () => {
    expect(formatEta(44.6)).toBe('45 s');
    expect(formatEta(185)).toBe('3 min 05 s');
    expect(formatEta(3720)).toBe('1 h 02 min');
    expect(formatEta(null)).toBe('—');
  });
});

describe('progressSummary', () => {
  it('counts done against the audience and groups final failures', () => {
    const p: BroadcastProgressData = {
      targeted: 1000,
      fannedOut: 700,
      counts: {
        ...counts,
        queued: 100,
        submitted: 50,
        delivered: 500,
        failed: 20,
        expired: 10,
        unknown: 5,
        rejected: 15,
      },
      remaining: 400,
      ratePerMinute: 600,
      etaSeconds: 40,
    };
    expect(progressSummary(p)).toEqual({
      done: 600,
      total: 1000,
      percent: 60,
      waiting: 100,
      submitted: 50,
      delivered: 500,
      failed: 35,
      rejected: 15,
      cancelled: 0,
    });
  });
  it('uses what was fanned out before the audience is known, and never divides by zero', () => {
    const p = { targeted: null, fannedOut: 0, counts, remaining: 0, ratePerMinute: 0, etaSeconds: null };
    expect(progressSummary(p)).toMatchObject({ done: 0, total: 0, percent: 0 });
  });
});

describe('broadcastActions', () => {
  it('offers pause while live, resume while paused, cancel until it ends', () => {
    expect(broadcastActions('running')).toEqual({ pause: true, resume: false, cancel: true });
    expect(broadcastActions('paused')).toEqual({ pause: false, resume: true, cancel: true });
    expect(broadcastActions('completed')).toEqual({ pause: false, resume: false, cancel: false });
    expect(isActive('scheduled')).toBe(true);
    expect(isActive('superseded')).toBe(false);
  });
});

describe('stillMoving', () => {
  const now = new Date('2026-11-26T10:00:00Z');
  const p = { targeted: 2, fannedOut: 2, counts, remaining: 0, ratePerMinute: 0, etaSeconds: null };
  it('keeps asking while live, and after the end while receipts may come', () => {
    expect(stillMoving({ status: 'running', finishedAt: null }, p, now)).toBe(true);
    const finished = { status: 'completed' as const, finishedAt: '2026-11-26T09:50:00Z' };
    expect(stillMoving(finished, { ...p, counts: { ...counts, submitted: 1, delivered: 1 } }, now)).toBe(
      true,
    );
    expect(stillMoving(finished, { ...p, counts: { ...counts, delivered: 2 } }, now)).toBe(false);
  });
  it('stops asking an hour after the end, whatever is missing', () => {
    const old = { status: 'cancelled' as const, finishedAt: '2026-11-26T08:00:00Z' };
    expect(stillMoving(old, { ...p, counts: { ...counts, submitted: 2 } }, now)).toBe(false);
  });
});
