import { carrierLinks, withNoTenant } from '@pregon/db';
import { and, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

/** A bind slot is free when nobody holds it, its lease ran out, or it never had a lease. */
export const slotIsFree = sql`(${carrierLinks.holder} is null
  or ${carrierLinks.leaseExpiresAt} is null
  or ${carrierLinks.leaseExpiresAt} < now())`;

/** `now() + ms`, on the database's clock, so gateways on different hosts agree on expiry. */
export function leaseUntil(leaseMs: number) {
  return sql`now() + ${Math.max(1, Math.round(leaseMs))} * interval '1 millisecond'`;
}

/**
 * Takes every listed bind slot (carrier_links row) of a carrier that is free or already ours, in one
 * statement; returns the ordinals `holder` now holds. Concurrent claimers never both win a slot:
 * ON CONFLICT locks the row and re-checks the condition on its latest version.
 * @example await claimBindSlots({ ctx, input: { holder, carrierId, ordinals: [0, 1], leaseMs: 8000 } })
 */
export async function claimBindSlots({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { holder: string; carrierId: string; ordinals: number[]; leaseMs: number };
}): Promise<number[]> {
  if (input.ordinals.length === 0) return [];
  const until = leaseUntil(input.leaseMs);
  const ours = sql`${carrierLinks.holder} = excluded.holder`;
  const rows = await withNoTenant(ctx.db, (tx) =>
    tx
      .insert(carrierLinks)
      .values(
        input.ordinals.map((ordinal) => ({
          carrierId: input.carrierId,
          ordinal,
          holder: input.holder,
          state: 'unbound',
          leaseExpiresAt: until,
        })),
      )
      .onConflictDoUpdate({
        target: [carrierLinks.carrierId, carrierLinks.ordinal],
        set: {
          holder: sql`excluded.holder`,
          leaseExpiresAt: sql`excluded.lease_expires_at`,
          // A new holder starts from scratch: the previous holder's numbers describe sessions that are gone.
          state: sql`case when ${ours} then ${carrierLinks.state} else 'unbound' end`,
          outstanding: sql`case when ${ours} then ${carrierLinks.outstanding} else 0 end`,
          submitted: sql`case when ${ours} then ${carrierLinks.submitted} else 0 end`,
          lastError: sql`case when ${ours} then ${carrierLinks.lastError} else null end`,
          stateChangedAt: sql`case when ${ours} then ${carrierLinks.stateChangedAt} else now() end`,
          heartbeatAt: sql`now()`,
        },
        setWhere: sql`${slotIsFree} or ${ours}`,
      })
      .returning({ ordinal: carrierLinks.ordinal }),
  );
  return rows.map((r) => r.ordinal).sort((a, b) => a - b);
}

/**
 * Gives back the bind slots `holder` holds (of one carrier, or all), so another gateway can take them
 * at once instead of waiting for the lease to run out.
 */
export async function releaseBindSlots({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { holder: string; carrierId?: string };
}): Promise<number> {
  const rows = await withNoTenant(ctx.db, (tx) =>
    tx
      .update(carrierLinks)
      .set({
        holder: null,
        leaseExpiresAt: sql`now()`,
        state: 'unbound',
        outstanding: 0,
        stateChangedAt: sql`case when ${carrierLinks.state} = 'unbound' then ${carrierLinks.stateChangedAt} else now() end`,
        heartbeatAt: sql`now()`,
      })
      .where(
        input.carrierId === undefined
          ? eq(carrierLinks.holder, input.holder)
          : and(eq(carrierLinks.holder, input.holder), eq(carrierLinks.carrierId, input.carrierId)),
      )
      .returning({ ordinal: carrierLinks.ordinal }),
  );
  return rows.length;
}
