import type { Tx } from '@pregon/db';
import { sql } from 'drizzle-orm';

/** A link whose gateway has not reported for this long is presumed gone (gateways report every ~2 s). */
export const LINK_FRESH_SECONDS = 15;

/**
 * Of the given carriers, those that can take a submit now: at least one link bound, reported within
 * LINK_FRESH_SECONDS, and with room in its window (outstanding < the carrier's window).
 */
export async function carriersAvailable(tx: Tx, carrierIds: string[]): Promise<Set<string>> {
  if (carrierIds.length === 0) return new Set();
  const rows = await tx.execute<{ carrier_id: string }>(sql`
    select distinct l.carrier_id
    from carrier_links l join carriers c on c.id = l.carrier_id
    where l.carrier_id = any(array(select jsonb_array_elements_text(${JSON.stringify(carrierIds)}::jsonb))::uuid[])
      and l.state = 'bound'
      and l.heartbeat_at > now() - make_interval(secs => ${LINK_FRESH_SECONDS})
      and l.outstanding < c."window"`);
  return new Set(rows.map((r) => r.carrier_id));
}
