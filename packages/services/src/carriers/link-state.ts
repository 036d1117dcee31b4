import { carrierLinks, carriers, withNoTenant } from '@pregon/db';
import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { isSealed, requireSecrets } from '../secrets/carrier-secrets.ts';
import type { CarrierRow } from './add.ts';
import { leaseUntil } from './leases.ts';

export interface LinkStateReport {
  carrierId: string;
  ordinal: number;
  state: string;
  holder: string;
  outstanding: number;
  submitted: number;
  lastError: string | null;
  lastEnquireLinkAt?: Date | null;
  /** Set by a lease holder: the report also renews its lease on the slot for this long. */
  leaseMs?: number;
}

/**
 * Records what a gateway sees of its binds, for /readyz and the console, and renews the leases of the
 * slots it still holds. Rows another holder took over are left alone; returns the slots still held.
 */
export async function reportLinkStates({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: LinkStateReport[];
}): Promise<Array<{ carrierId: string; ordinal: number }>> {
  if (input.length === 0) return [];
  const ours = sql`(${carrierLinks.holder} = excluded.holder or ${carrierLinks.leaseExpiresAt} is null)`;
  return withNoTenant(ctx.db, (tx) =>
    tx
      .insert(carrierLinks)
      .values(
        input.map((link) => ({
          carrierId: link.carrierId,
          ordinal: link.ordinal,
          state: link.state,
          holder: link.holder,
          outstanding: link.outstanding,
          submitted: link.submitted,
          lastError: link.lastError,
          lastEnquireLinkAt: link.lastEnquireLinkAt ?? null,
          leaseExpiresAt: link.leaseMs === undefined ? null : leaseUntil(link.leaseMs),
        })),
      )
      .onConflictDoUpdate({
        target: [carrierLinks.carrierId, carrierLinks.ordinal],
        set: {
          state: sql`excluded.state`,
          holder: sql`excluded.holder`,
          outstanding: sql`excluded.outstanding`,
          submitted: sql`excluded.submitted`,
          lastError: sql`excluded.last_error`,
          lastEnquireLinkAt: sql`coalesce(excluded.last_enquire_link_at, ${carrierLinks.lastEnquireLinkAt})`,
          leaseExpiresAt: sql`coalesce(excluded.lease_expires_at, ${carrierLinks.leaseExpiresAt})`,
          heartbeatAt: sql`now()`,
          stateChangedAt: sql`case when ${carrierLinks.state} = excluded.state then ${carrierLinks.stateChangedAt} else now() end`,
        },
        setWhere: ours,
      })
      .returning({ carrierId: carrierLinks.carrierId, ordinal: carrierLinks.ordinal }),
  );
}

/** The enabled carriers with their passwords opened: only the gateway's link supervisor reads this. */
export async function loadCarriersForBinding({ ctx }: { ctx: ServiceContext }): Promise<CarrierRow[]> {
  const rows = await withNoTenant(ctx.db, (tx) =>
    tx.select().from(carriers).where(eq(carriers.enabled, true)),
  );
  if (!rows.some((r) => isSealed(r.password))) return rows;
  const secrets = requireSecrets(ctx.secrets);
  return rows.map((r) => ({ ...r, password: secrets.open(r.password) }));
}
