import { carrierLinks, carriers, withNoTenant } from '@pregon/db';
import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import type { CarrierRow } from './add.ts';

export interface LinkStateReport {
  carrierId: string;
  ordinal: number;
  state: string;
  holder: string;
  outstanding: number;
  submitted: number;
  lastError: string | null;
}

/** Records what a gateway sees of its binds, for /readyz and the console. */
export async function reportLinkStates({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: LinkStateReport[];
}): Promise<void> {
  if (input.length === 0) return;
  await withNoTenant(ctx.db, async (tx) => {
    for (const link of input) {
      await tx
        .insert(carrierLinks)
        .values({ ...link })
        .onConflictDoUpdate({
          target: [carrierLinks.carrierId, carrierLinks.ordinal],
          set: {
            state: link.state,
            holder: link.holder,
            outstanding: link.outstanding,
            submitted: link.submitted,
            lastError: link.lastError,
            heartbeatAt: sql`now()`,
            stateChangedAt: sql`case when ${carrierLinks.state} = ${link.state} then ${carrierLinks.stateChangedAt} else now() end`,
          },
        });
    }
  });
}

/** The enabled carriers with their credentials: only the gateway's link supervisor reads this. */
export async function loadCarriersForBinding({ ctx }: { ctx: ServiceContext }): Promise<CarrierRow[]> {
  return withNoTenant(ctx.db, (tx) => tx.select().from(carriers).where(eq(carriers.enabled, true)));
}
