import { agencies, apiKeys, memberships, messages, withPlatform } from '@pregon/db';
import { count, eq, sql } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

export interface AgencySummary {
  id: string;
  slug: string;
  name: string;
  kind: 'operator' | 'agency';
  timezone: string;
  members: number;
  activeApiKeys: number;
  messages: number;
  createdAt: Date;
}

/** Every agency with a few counts: the platform admin's overview. Crosses tenants, so audited. */
export async function listAgencies({
  ctx,
  actor,
}: {
  ctx: ServiceContext;
  actor: Actor;
}): Promise<AgencySummary[]> {
  return withPlatform(ctx.db, { ...auditActor(actor), action: 'agency.list' }, async (tx) => {
    const members = tx
      .select({ tenantId: memberships.tenantId, n: count().as('members_n') })
      .from(memberships)
      .groupBy(memberships.tenantId)
      .as('members');
    const keys = tx
      .select({ tenantId: apiKeys.tenantId, n: count().as('keys_n') })
      .from(apiKeys)
      .where(sql`${apiKeys.revokedAt} is null`)
      .groupBy(apiKeys.tenantId)
      .as('keys');
    const msgs = tx
      .select({ tenantId: messages.tenantId, n: count().as('msgs_n') })
      .from(messages)
      .groupBy(messages.tenantId)
      .as('msgs');
    const rows = await tx
      .select({
        id: agencies.id,
        slug: agencies.slug,
        name: agencies.name,
        kind: agencies.kind,
        timezone: agencies.timezone,
        createdAt: agencies.createdAt,
        members: sql<number>`coalesce(${members.n}, 0)::int`,
        activeApiKeys: sql<number>`coalesce(${keys.n}, 0)::int`,
        messages: sql<number>`coalesce(${msgs.n}, 0)::int`,
      })
      .from(agencies)
      .leftJoin(members, eq(members.tenantId, agencies.id))
      .leftJoin(keys, eq(keys.tenantId, agencies.id))
      .leftJoin(msgs, eq(msgs.tenantId, agencies.id))
      .orderBy(agencies.kind, agencies.name);
    return rows;
  });
}
