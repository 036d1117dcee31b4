import { type Database, withTenant } from '@pregon/db';
import { sql } from 'drizzle-orm';

/** What one agency's purge changed. */
export interface AgencyPurge {
  messages: number;
  inbound: number;
  webhookAttempts: number;
  idempotencyKeys: number;
  /** Conversation replies whose number and text were masked. */
  conversationReplies: number;
  /** Web signup verifications deleted (the consent keeps the proof of a signup). */
  signupVerifications: number;
}

// Statuses a message never leaves on its own (`unknown` may still be settled by a receipt, which
// matches on carrier ids; those are kept).
const FINAL = sql.raw(`('delivered', 'failed', 'expired', 'cancelled', 'rejected', 'unknown')`);

/** '+34600123001' -> '+34******001': the first two digits (the country code in Spain and most of Europe) and the last three. */
const maskPhone = (column: string) =>
  sql.raw(`case when ${column} ~ '^\\+?[0-9]{7,}$'
    then left(${column}, 3) || repeat('*', length(${column}) - 6) || right(${column}, 3) else '***' end`);

/**
 * Redacts one agency's personal data older than `cutoff`, one short transaction per batch so it
 * never holds many row locks for long. Rows are redacted, not deleted: status, segments, lane and
 * timestamps stay, so counts per day and status computed from messages stay right.
 */
export async function redactAgency(
  db: Database,
  tenantId: string,
  window: { cutoff: Date; from: Date | null; batchSize: number; idempotencyCutoff: Date },
): Promise<AgencyPurge> {
  const done: AgencyPurge = {
    messages: 0,
    inbound: 0,
    webhookAttempts: 0,
    idempotencyKeys: 0,
    conversationReplies: 0,
    signupVerifications: 0,
  };
  const { batchSize } = window;
  const cutoff = window.cutoff.toISOString();
  const from = (window.from ?? new Date(0)).toISOString();
  const idempotencyCutoff = window.idempotencyCutoff.toISOString();
  // Keyset over (created_at, id): each batch starts where the last one ended, so a run reads each
  // old row once even though redacted rows stay. created_at travels as text to keep microseconds.
  let after: { at: string; id: string } = { at: from, id: '00000000-0000-0000-0000-000000000000' };
  for (;;) {
    const [r] = await withTenant(db, tenantId, (tx) =>
      tx.execute<{ n: number; last_at: string | null; last_id: string | null }>(sql`
        with batch as (
          select id, created_at from messages
          where tenant_id = ${tenantId} and created_at < ${cutoff}::timestamptz and created_at >= ${from}::timestamptz
            and (created_at, id) > (${after.at}::timestamptz, ${after.id}::uuid)
            and status in ${FINAL} and body <> ''
          order by created_at, id
          limit ${batchSize}
          for update skip locked
        ), upd as (
          update messages m set body = '', reference = null, to_phone = ${maskPhone('m.to_phone')}
          from batch where m.id = batch.id
          returning m.id
        ), ev as (
          update message_events e set detail = null
          from upd where e.message_id = upd.id and e.detail is not null
        ), last as (
          select created_at, id from batch order by created_at desc, id desc limit 1
        )
        select (select count(*)::int from upd) as n,
          (select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') from last) as last_at,
          (select id::text from last) as last_id`),
    );
    if (!r || r.last_at === null || r.last_id === null) break;
    done.messages += r.n;
    after = { at: r.last_at, id: r.last_id };
  }
  done.inbound = await inBatches(
    db,
    tenantId,
    batchSize,
    sql`
    update inbound_messages i set text = '', source = ${maskPhone('i.source')}
    where i.id in (select id from inbound_messages
      where tenant_id = ${tenantId} and received_at < ${cutoff}::timestamptz and text <> '' limit ${batchSize} for update skip locked)`,
  );
  // Webhook payloads repeat the message (number, text): drop them with the message's data.
  done.webhookAttempts = await inBatches(
    db,
    tenantId,
    batchSize,
    sql`
    update webhook_attempts w set payload = null
    where w.id in (select id from webhook_attempts
      where tenant_id = ${tenantId} and at < ${cutoff}::timestamptz and payload is not null limit ${batchSize} for update skip locked)`,
  );
  done.idempotencyKeys = await inBatches(
    db,
    tenantId,
    batchSize,
    sql`
    delete from idempotency_keys k
    where (k.tenant_id, k.key) in (select tenant_id, key from idempotency_keys
      where tenant_id = ${tenantId} and created_at < ${idempotencyCutoff}::timestamptz limit ${batchSize} for update skip locked)`,
  );
  // A reply repeats its MO (the number, a justification): masked with it.
  done.conversationReplies = await inBatches(
    db,
    tenantId,
    batchSize,
    sql`
    update conversation_replies r set argument = null, phone = ${maskPhone('r.phone')}
    where r.id in (select id from conversation_replies
      where tenant_id = ${tenantId} and created_at < ${cutoff}::timestamptz and phone not like '%*%'
      limit ${batchSize} for update skip locked)`,
  );
  done.signupVerifications = await inBatches(
    db,
    tenantId,
    batchSize,
    sql`
    delete from signup_verifications v
    where v.id in (select id from signup_verifications
      where tenant_id = ${tenantId} and created_at < ${cutoff}::timestamptz limit ${batchSize} for update skip locked)`,
  );
  return done;
}

/** Repeats one bounded statement (its own transaction each time) until it touches fewer than a batch. */
async function inBatches(
  db: Database,
  tenantId: string,
  batchSize: number,
  statement: ReturnType<typeof sql>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await withTenant(db, tenantId, (tx) => tx.execute(statement));
    const n = result.count ?? 0;
    total += n;
    if (n < batchSize) return total;
  }
}
