// The books a crash test balances after the dust settles: the messages and their history in
// PostgreSQL (all tenants) against every submit_sm the SMSC received.
import type { Database } from '@pregon/db';
import { normalizeMessageId } from '@pregon/smpp';
import type { SubmittedMessage } from '../simulator/src/index.ts';

export interface Ledger {
  readonly messages: number;
  readonly perDestination: ReadonlyMap<string, readonly SubmittedMessage[]>;
  /** Destinations the SMSC received more than once. */
  readonly submittedTwice: readonly string[];
  readonly unknown: number;
  /** Unknown messages whose reason is not the cut submit's. */
  readonly unknownOtherReason: number;
  /** Unknown messages the SMSC did receive (the rest were claimed but never written). */
  readonly unknownReached: number;
  readonly withCarrierIds: number;
  /** Phones whose carrier ids are not exactly the ids of the one submit the SMSC answered. */
  readonly carrierIdMismatches: readonly string[];
  /** Delivered messages the SMSC never received. */
  readonly deliveredUnseen: number;
  /** (message, status) pairs with more than one history row. */
  readonly duplicateEvents: number;
  /** Delivered messages whose history lacks accepted, queued or delivered. */
  readonly incompleteDelivered: number;
  /** Messages whose current status has no history row. */
  readonly currentMissing: number;
}

const bare = (phone: string) => phone.replace(/^\+/, '');

export async function readLedger(db: Database, submits: readonly SubmittedMessage[]): Promise<Ledger> {
  const perDestination = new Map<string, SubmittedMessage[]>();
  for (const s of submits) {
    const list = perDestination.get(s.destination);
    if (list) list.push(s);
    else perDestination.set(s.destination, [s]);
  }
  const rows = await db.$client<
    { to_phone: string; status: string; reason: string | null; carrier_message_ids: string[] | null }[]
  >`select to_phone, status, reason, carrier_message_ids from messages`;
  const unknown = rows.filter((r) => r.status === 'unknown');
  const carrierIdMismatches: string[] = [];
  let withCarrierIds = 0;
  for (const r of rows) {
    if (r.carrier_message_ids === null) continue;
    withCarrierIds += 1;
    const seen = perDestination.get(bare(r.to_phone)) ?? [];
    const ids = seen.map((s) => normalizeMessageId(s.messageId, 'hex'));
    if (seen.length !== 1 || JSON.stringify(ids) !== JSON.stringify(r.carrier_message_ids))
      carrierIdMismatches.push(r.to_phone);
  }
  const [events] = await db.$client<{ duplicates: number; incomplete: number; missing: number }[]>`
    select
      (select count(*)::int from (
        select message_id, status from message_events group by message_id, status having count(*) > 1
      ) d) as duplicates,
      (select count(*)::int from messages m
        where m.status = 'delivered' and (
          select count(distinct e.status) filter (where e.status in ('accepted', 'queued', 'delivered'))
          from message_events e where e.message_id = m.id
        ) <> 3) as incomplete,
      (select count(*)::int from messages m
        where not exists (select 1 from message_events e where e.message_id = m.id and e.status = m.status)
      ) as missing`;
  return {
    messages: rows.length,
    perDestination,
    submittedTwice: [...perDestination].filter(([, list]) => list.length > 1).map(([d]) => d),
    unknown: unknown.length,
    unknownOtherReason: unknown.filter((r) => r.reason !== 'no_submit_response').length,
    unknownReached: unknown.filter((r) => perDestination.has(bare(r.to_phone))).length,
    withCarrierIds,
    carrierIdMismatches,
    deliveredUnseen: rows.filter((r) => r.status === 'delivered' && !perDestination.has(bare(r.to_phone)))
      .length,
    duplicateEvents: events?.duplicates ?? -1,
    incompleteDelivered: events?.incomplete ?? -1,
    currentMissing: events?.missing ?? -1,
  };
}
