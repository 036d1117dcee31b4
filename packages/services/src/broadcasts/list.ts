import { BROADCAST_STATUSES, broadcasts, services, withTenant } from '@pregon/db';
import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import type { BroadcastPrincipal } from './principal.ts';
import { type BroadcastSummary, broadcastSummary } from './view.ts';

export const listBroadcastsInput = z.object({
  service: z.string().min(1).max(64).optional(),
  status: z.enum(BROADCAST_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Page on: broadcasts created before this instant (the last one's `createdAt`). */
  before: z.iso.datetime({ offset: true }).optional(),
});

/** The agency's broadcasts, newest first, without per-status counts (getBroadcast has those). */
export async function listBroadcasts({
  ctx,
  input,
  principal,
}: {
  ctx: ServiceContext;
  input: z.input<typeof listBroadcastsInput>;
  principal: BroadcastPrincipal;
}): Promise<{ broadcasts: BroadcastSummary[] }> {
  const data = listBroadcastsInput.parse(input);
  return withTenant(ctx.db, principal.tenantId, async (tx) => {
    const rows = await tx
      .select({ b: broadcasts, service: services.slug })
      .from(broadcasts)
      .innerJoin(services, eq(services.id, broadcasts.serviceId))
      .where(
        and(
          data.service === undefined ? undefined : eq(services.slug, data.service),
          data.status === undefined ? undefined : eq(broadcasts.status, data.status),
          data.before === undefined ? undefined : lt(broadcasts.createdAt, new Date(data.before)),
        ),
      )
      .orderBy(desc(broadcasts.createdAt))
      .limit(data.limit);
    return { broadcasts: rows.map((r) => broadcastSummary(r.b, r.service)) };
  });
}
