import type { MessageRow } from '../api.ts';

type Status = MessageRow['status'];

const TONE: Record<Status, 'pending' | 'good' | 'bad' | 'neutral'> = {
  accepted: 'pending',
  scheduled: 'pending',
  queued: 'pending',
  submitted: 'pending',
  delivered: 'good',
  failed: 'bad',
  expired: 'bad',
  rejected: 'bad',
  unknown: 'neutral',
  cancelled: 'neutral',
};

export function StatusBadge({ status }: { status: Status }) {
  return <span className={`badge badge-${TONE[status]}`}>{status}</span>;
}
