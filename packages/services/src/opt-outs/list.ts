import { optOuts, services, withTenant } from '@pregon/db';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

export interface OptOutView {
  id: string;
  phone: string;
  /** The service's slug; null: every service of the agency on `number` (or of the agency). */
  service: string | null;
  number: string | null;
  /** sms_stop, sms_stop_all, console, api. */
  source: string;
  at: string;
  /** When the citizen came back (START/ALTA or the keyword again); null while active. */
  revokedAt: string | null;
}

/** The agency's opt-out ledger, newest first; `before` is the last row's id for the next page. */
export async function listOptOuts({
  ctx,
  tenantId,
  input,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: { limit?: number; before?: string };
}): Promise<OptOutView[]> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const rows = await withTenant(ctx.db, tenantId, async (tx) => {
    const [cursor] =
      input.before === undefined
        ? []
        : await tx
            .select({ at: optOuts.at, id: optOuts.id })
            .from(optOuts)
            .where(eq(optOuts.id, input.before));
    if (input.before !== undefined && !cursor) return [];
    return tx
      .select({ o: optOuts, service: services.slug })
      .from(optOuts)
      .leftJoin(services, eq(services.id, optOuts.serviceId))
      .where(
        cursor
          ? or(lt(optOuts.at, cursor.at), and(eq(optOuts.at, cursor.at), lt(optOuts.id, cursor.id)))
          : undefined,
      )
      .orderBy(desc(optOuts.at), desc(optOuts.id))
      .limit(limit);
  });
  return rows.map(({ o, service }) => ({
    id: o.id,
    phone: o.phone,
    service,
    number: o.number,
    source: o.source,
    at: o.at.toISOString(),
    revokedAt: o.revokedAt?.toISOString() ?? null,
  }));
}
