import { inboundMessages, messages, optOuts, services, withTenant } from '@pregon/db';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
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
  /** The MO that asked for it (STOP texted), when there is one and retention has kept it. */
  via: { inboundMessageId: string; text: string | null } | null;
  /** Messages rejected as `opted_out` while it was active, in its scope (the ledger's rule, loadOptOutLedger). */
  blocked: number;
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
      .select({
        o: optOuts,
        service: services.slug,
        viaText: inboundMessages.text,
        // Per row over messages_last_contact_idx (to_phone first): a page of 200 stays cheap.
        blocked: sql<number>`(select count(*)::int from ${messages} m
          where m.to_phone = ${optOuts.phone} and m.status = 'rejected' and m.reason = 'opted_out'
            and m.created_at >= ${optOuts.at}
            and (${optOuts.revokedAt} is null or m.created_at < ${optOuts.revokedAt})
            and (m.service_id = ${optOuts.serviceId}
              or (${optOuts.serviceId} is null and (${optOuts.number} is null or m.from_addr = ${optOuts.number}))
              or (m.service_id is null and m.from_addr = ${optOuts.number})))`,
      })
      .from(optOuts)
      .leftJoin(services, eq(services.id, optOuts.serviceId))
      .leftJoin(inboundMessages, eq(inboundMessages.id, optOuts.inboundMessageId))
      .where(
        cursor
          ? or(lt(optOuts.at, cursor.at), and(eq(optOuts.at, cursor.at), lt(optOuts.id, cursor.id)))
          : undefined,
      )
      .orderBy(desc(optOuts.at), desc(optOuts.id))
      .limit(limit);
  });
  return rows.map(({ o, service, viaText, blocked }) => ({
    id: o.id,
    phone: o.phone,
    service,
    number: o.number,
    source: o.source,
    at: o.at.toISOString(),
    revokedAt: o.revokedAt?.toISOString() ?? null,
    via: o.inboundMessageId === null ? null : { inboundMessageId: o.inboundMessageId, text: viaText },
    blocked,
  }));
}
