// After a SIGKILL, the jobs the dead processes held stay `active` until their expiry (300 s for
// message.prepare and receipt.apply, 600 s for carrier.submit.*), when pg-boss's supervisor fails them
// by timeout and they are retried. A test cannot wait that long, so it moves time forward for those
// jobs only: with every worker process dead, every active job is orphaned; its start is put back by its
// own expire_seconds, and a supervise pass (pg-boss's own expiry, nothing else) fails and retries them
// exactly as it would ten minutes later.
import type { Database } from '@pregon/db';
import type { startBoss } from '@pregon/services';

type Boss = Awaited<ReturnType<typeof startBoss>>;

/**
 * Call only while no process works any queue. `db` must be able to update the pgboss schema (the
 * test's superuser). Resolves with how many jobs were active.
 */
export async function expireOrphanedJobs(db: Database, boss: Boss): Promise<number> {
  const rows = await db.$client<{ n: number }[]>`
    with moved as (
      update pgboss.job set started_on = started_on - make_interval(secs => expire_seconds + 1)
      where state = 'active'
      returning 1
    )
    select count(*)::int as n from moved`;
  // The monitor claim is per queue and interval; release it so this pass runs the expiry now.
  await db.$client`update pgboss.queue set monitor_on = null, monitor_claim_on = null`;
  await boss.supervise();
  return rows[0]?.n ?? 0;
}
