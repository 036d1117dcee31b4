import { LANES, URGENT_PRIORITY } from '@pregon/domain';
import type { WorkOptions } from 'pg-boss';

// Several batches in flight per bind keep its window full; a full fetch fetches again at once.
const FETCH = {
  batchSize: 4,
  pollingIntervalSeconds: 0.5,
  notifyPollingIntervalSeconds: 5,
  burstWhenBatchFull: true,
} as const;

/**
 * The worker sets on one carrier's submit queue. Each fetches only its lanes' priorities, so a bulk
 * backlog never holds the slots emergency and transactional batches need, and one stays free for
 * emergency and election alone. Within a set, one agency (the job's group) may hold every worker but
 * one, so another agency's batch starts as soon as a worker frees up.
 */
export function submitWorkerSets(binds: number): WorkOptions[] {
  const standard = Math.max(2, binds * 2);
  const bulk = Math.max(1, binds);
  return [
    // Replies to a citizen's text and emergency alerts: never wait behind an election blast's batches.
    { ...FETCH, minPriority: URGENT_PRIORITY, localConcurrency: 1 },
    // Emergency and election only: never waits behind transactional batches.
    { ...FETCH, minPriority: LANES.election, localConcurrency: 1 },
    // Transactional and up.
    {
      ...FETCH,
      minPriority: LANES.transactional,
      localConcurrency: standard + 1,
      groupConcurrency: FETCH.batchSize * standard,
    },
    // Bulk only.
    {
      ...FETCH,
      maxPriority: LANES.transactional - 1,
      localConcurrency: bulk + 1,
      groupConcurrency: FETCH.batchSize * bulk,
    },
  ];
}
