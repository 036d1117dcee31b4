import type { QuotaStateRow } from './api.ts';

const LABELS: Record<QuotaStateRow['quota'], string> = {
  daily_messages: 'Messages today',
  monthly_messages: 'Messages this month',
  monthly_spend: 'Spend this month',
};

function amount(v: number | string | null): number | null {
  if (v === null) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * One quota as a bar: used against the block level (else the warn level), and how close it is.
 * @example quotaBar({ quota: 'daily_messages', used: 80, warn: 75, block: 100, ... }) -> { percent: 80, level: 'warn', ... }
 */
export function quotaBar(q: QuotaStateRow): {
  label: string;
  used: number;
  max: number | null;
  percent: number | null;
  level: 'ok' | 'warn' | 'blocked' | 'unlimited';
  text: string;
} {
  const used = amount(q.used) ?? 0;
  const warn = amount(q.warn);
  const block = amount(q.block);
  const max = block ?? warn;
  const level =
    block !== null && used >= block
      ? 'blocked'
      : q.warned || (warn !== null && used >= warn)
        ? 'warn'
        : max === null
          ? 'unlimited'
          : 'ok';
  const show = (v: number | string) => (q.quota === 'monthly_spend' ? Number(v).toFixed(2) : String(v));
  const limits = [
    warn === null ? null : `warn at ${show(warn)}`,
    block === null ? null : `blocks at ${show(block)}`,
  ]
    .filter((x) => x !== null)
    .join(', ');
  return {
    label: LABELS[q.quota],
    used,
    max,
    percent: max === null || max === 0 ? null : Math.min(100, Math.round((used / max) * 100)),
    level,
    text: `${show(q.used)}${limits === '' ? ' (no limit set)' : ` (${limits})`}`,
  };
}
