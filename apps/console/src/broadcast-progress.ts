import type { BroadcastProgressData, BroadcastStatusName } from './api.ts';

/** Seconds as the console shows an ETA: `45 s`, `3 min 05 s`, `1 h 02 min`; a dash when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * The numbers a progress row shows: messages past the waiting states out of the audience, and the
 * counts grouped the way an operator reads them.
 * @example progressSummary(p) -> { done: 600, total: 1000, percent: 60, waiting: 400, ... }
 */
export function progressSummary(p: BroadcastProgressData) {
  const c = p.counts;
  const waiting = c.accepted + c.scheduled + c.queued;
  const total = p.targeted ?? p.fannedOut;
  const done = Math.max(0, total - p.remaining);
  return {
    done,
    total,
    percent: total === 0 ? 0 : Math.min(100, Math.floor((done / total) * 100)),
    waiting,
    submitted: c.submitted,
    delivered: c.delivered,
    failed: c.failed + c.expired + c.unknown,
    rejected: c.rejected,
    cancelled: c.cancelled,
  };
}

/** What an operator may do to a broadcast in this state (the services refuse the rest with CONFLICT). */
export function broadcastActions(status: BroadcastStatusName): {
  pause: boolean;
  resume: boolean;
  cancel: boolean;
} {
  const live = status === 'scheduled' || status === 'running';
  return { pause: live, resume: status === 'paused', cancel: live || status === 'paused' };
}

/** True while the numbers can still move, so the list keeps asking for its progress. */
export function isActive(status: BroadcastStatusName): boolean {
  return status === 'scheduled' || status === 'running' || status === 'paused';
}

/** How long after a broadcast finishes its receipts are still worth asking for. */
export const RECEIPT_WINDOW_MS = 3_600_000;

/**
 * True while a broadcast's counts can still move: it is live, or it finished less than an hour ago
 * with messages still waiting or submitted (receipts to come). The rest are asked once and kept.
 */
export function stillMoving(
  b: { status: BroadcastStatusName; finishedAt: string | null },
  p: BroadcastProgressData,
  now: Date,
): boolean {
  if (isActive(b.status)) return true;
  if (p.remaining === 0 && p.counts.submitted === 0) return false;
  return b.finishedAt === null || now.getTime() - Date.parse(b.finishedAt) < RECEIPT_WINDOW_MS;
}
