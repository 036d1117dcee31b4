import postgres from 'postgres';

export type StatusCounts = Readonly<Record<string, number>>;

export interface MessageCounter {
  /** `select status, count(*) from messages group by status`, over every tenant. */
  counts(): Promise<StatusCounts>;
  /** Wall-clock time (ms since epoch) of the newest `delivered` event, or null. */
  lastDeliveredAt(): Promise<number | null>;
  /** Wall-clock time (ms since epoch) of the newest history row with that status, or null. */
  lastEventAt(status: string): Promise<number | null>;
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A separate one-connection observer that sees every tenant's messages. It must be a superuser:
 * superusers bypass row-level security even on FORCE ROW LEVEL SECURITY tables. row_security=off makes
 * any other role fail loudly instead of counting zero rows under the policies.
 */
export async function openMessageCounter(url: string): Promise<MessageCounter> {
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: 'pregon-bench', row_security: 'off' },
  });
  const [who] = await sql<{ role: string; superuser: string }[]>`
    select current_user as role, current_setting('is_superuser') as superuser`;
  if (who?.superuser !== 'on') {
    await sql.end();
    throw new Error(
      `the bench counts messages across tenants and needs a superuser in DATABASE_URL; ${who?.role} is not`,
    );
  }
  return {
    async counts() {
      const rows = await sql<{ status: string; n: number }[]>`
        select status, count(*)::int as n from messages group by status`;
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
    async lastDeliveredAt() {
      const [row] = await sql<{ at: Date | null }[]>`
        select max(at) as at from message_events where status = 'delivered'`;
      return row?.at ? row.at.getTime() : null;
    },
    async lastEventAt(status) {
      const [row] = await sql<{ at: Date | null }[]>`
        select max(at) as at from message_events where status = ${status}`;
      return row?.at ? row.at.getTime() : null;
    },
    async serverVersion() {
      const [row] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
      return row?.v ?? 'unknown';
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
