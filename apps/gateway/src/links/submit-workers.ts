import { LANES, URGENT_PRIORITY } from '@pregon/domain';
import type { WorkOptions } from 'pg-boss';

// One job (a batch of up to 200 messages) per worker; registerWorkers makes each worker fetch again as
// soon as it finished one, so a backlog never waits out a poll delay.
const FETCH = {
  batchSize: 1,
  pollingIntervalSeconds: 0.5,
  notifyPollingIntervalSeconds: 5,
} as const;

/**
 * The worker sets on one carrier's submit queue. Each fetches only its lanes' priorities, so a bulk
 * backlog never holds the slots emergency and transactional batches need, and one stays free for
 * emergency and election alone. Within a set, one agency (the job's group) may hold every worker but
 * one, so another agency's batch starts as soon as it is queued. A worker fetches one job, so the group
 * cap counts workers: a fetch can never come back short of a cap with jobs left for that agency.
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
      groupConcurrency: standard,
    },
    // Bulk only.
    { ...FETCH, maxPriority: LANES.transactional - 1, localConcurrency: bulk + 1, groupConcurrency: bulk },
  ];
}
