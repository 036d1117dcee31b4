import { withNoTenant } from '@pregon/db';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

/** One whole MO (reassembled, or what arrived of it) as the gateway hands it over. */
export interface InboundMessageInput {
  carrierId: string;
  /** E.164 with '+' when the carrier sent TON 1, else as written. */
  source: string;
  destination: string;
  text: string;
  dataCoding: number;
  parts: number;
  complete: boolean;
  missing: readonly number[];
  receivedAt: Date;
}

/**
 * Stores MO before any tenant is known (tenant_id null, filled later by the keyword engine) through
 * the narrow pregon_record_inbound() function, with their inbound.process job, in one transaction;
 * returns the new ids in input order.
 * Not withPlatform: an audit row per citizen's text would drown the audit log.
 */
export async function recordInboundMessages({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: readonly InboundMessageInput[];
}): Promise<string[]> {
  if (input.length === 0) return [];
  const rows = input.map((m) => ({
    carrier_id: m.carrierId,
    source: withoutNul(m.source),
    destination: withoutNul(m.destination),
    text: withoutNul(m.text),
    data_coding: m.dataCoding,
    parts: m.parts,
    complete: m.complete,
    missing: m.missing,
    received_at: m.receivedAt.toISOString(),
  }));
  return withNoTenant(ctx.db, async (tx) => {
    const stored = await tx.execute<{ id: string }>(
      sql`select pregon_record_inbound(${JSON.stringify(rows)}::jsonb) as id`,
    );
    const ids = stored.map((r) => r.id);
    // One keyword-engine job per batch, committed with the rows it names.
    for (let i = 0; i < ids.length; i += 1000)
      await ctx.queue.enqueue(tx, 'inbound.process', [{ inboundMessageIds: ids.slice(i, i + 1000) }]);
    return ids;
  });
}

// PostgreSQL text cannot hold U+0000, which a peer's UCS-2 can; a row that never stores would make
// the carrier redeliver it for ever.
function withoutNul(s: string): string {
  return s.replaceAll('\u0000', '\uFFFD');
}
