import { randomUUID } from 'node:crypto';
import { broadcastRecipients, broadcasts, subscribers, type Tx, withTenant } from '@pregon/db';
import { LANES } from '@pregon/domain';
import { ConcatReferences } from '@pregon/sms';
import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { prepareWithin } from '../messages/prepare.ts';
import { applyTransitions, type Transition } from '../messages/transition.ts';
import { subscriberMatch } from '../saved-lists/filter.ts';
import { cancelPendingMessages } from './cancel-pending.ts';
import { filterOf } from './target.ts';
import { type Language, renderTemplate, templateFor } from './template.ts';

/** Recipients turned into messages per step (and per message.prepare job). */
export const FANOUT_BATCH = 1_000;
/** An emergency broadcast's first step: its first submits wait for this many, not a full step. */
export const FIRST_URGENT_STEP = 100;
/** A target under 1/SPARSE_SHARE of its service is read through the attribute index. */
const SPARSE_SHARE = 5;

interface Recipient {
  /** Keyset position: the phone (subscribers, in the (service_id, phone) index order) or the upload row. */
  key: string;
  phone: string;
  language: Language | null;
  attributes: Record<string, string>;
}

export type FanOutStep =
  | { outcome: 'stale' }
  | { outcome: 'stopped'; status: string }
  | { outcome: 'continued' | 'completed'; created: number; rejected: number; cursor: string | null };

type Broadcast = typeof broadcasts.$inferSelect;

async function readRecipients(
  tx: Tx,
  b: Broadcast,
  limit: number,
  from: 'rows' | 'sparse' | 'subscribers',
): Promise<Recipient[]> {
  if (from === 'rows') {
    const after = b.cursor === null ? 0 : Number(b.cursor);
    const rows = await tx
      .select()
      .from(broadcastRecipients)
      .where(and(eq(broadcastRecipients.broadcastId, b.id), gt(broadcastRecipients.row, after)))
      .orderBy(asc(broadcastRecipients.row))
      .limit(limit);
    return rows.map((r) => ({
      key: String(r.row),
      phone: r.phone,
      language: r.language,
      attributes: r.attributes,
    }));
  }
  const match = subscriberMatch(b.serviceId, filterOf(b.target));
  const where = b.cursor === null ? match : and(match, gt(subscribers.phone, b.cursor));
  if (from === 'sparse') {
    // A sparse target that is not copied (snapshotTarget): an emergency one, or a step queued before
    // copies existed. Each step reads every match after the cursor through the attribute (GIN) index
    // and sorts them: the fence (offset 0) plans the match on its own.
    const rows = await tx.execute<{
      phone: string;
      language: Language | null;
      attributes: Record<string, string>;
    }>(
      sql`select phone, language, attributes from (
            select ${subscribers.phone} as phone, ${subscribers.language} as language, ${subscribers.attributes} as attributes
            from ${subscribers} where ${where} offset 0
          ) m order by phone limit ${limit}`,
    );
    return rows.map((r) => ({ key: r.phone, ...r }));
  }
  const rows = await tx
    .select({ phone: subscribers.phone, language: subscribers.language, attributes: subscribers.attributes })
    .from(subscribers)
    .where(where)
    .orderBy(asc(subscribers.phone))
    .limit(limit);
  return rows.map((r) => ({ key: r.phone, ...r }));
}

/**
 * Whether a target is sparse: an attribute filter matching under a fifth of the service's subscribers.
 * Decided at the first step and carried by the steps' jobs. The service is counted only as far as the
 * answer needs (a full count of a million-subscriber service ran as a parallel scan of half a second
 * for each of election night's hundred broadcasts).
 */
async function isSparse(tx: Tx, b: Broadcast, targeted: number): Promise<boolean> {
  const filter = filterOf(b.target);
  // Uploads and whole-service targets have no filter.
  if (filter === null || Object.keys(filter.where).length === 0) return false;
  const enough = targeted * SPARSE_SHARE + 1;
  const [row] = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from (select 1 from ${subscribers} where ${subscribers.serviceId} = ${b.serviceId} limit ${enough}) s`,
  );
  return (row?.n ?? 0) >= enough;
}

/**
 * A sparse target (district 12 of 100) copied to broadcast_recipients in phone order, as an upload's
 * rows are, at the first step. Walking the (service, phone) index in order would read about a hundred
 * subscribers per recipient; reading the rest of the target through the attribute (GIN) index at every
 * step read a 10,000-recipient district 5.5 times over (273 µs a recipient, 18% of the database's time
 * in the 1,000,000 blast). One read, in one statement, and each step then reads its 1,000 rows by key.
 * The copy is the broadcast's recipient list from then on, deleted (as an upload's) when the fan-out ends.
 */
async function snapshotTarget(tx: Tx, b: Broadcast): Promise<void> {
  await tx.execute(sql`
    insert into ${broadcastRecipients} (tenant_id, broadcast_id, row, phone, language, attributes)
    select ${b.tenantId}::uuid, ${b.id}::uuid, row_number() over (order by m.phone), m.phone, m.language, m.attributes
    from (select ${subscribers.phone} as phone, ${subscribers.language} as language, ${subscribers.attributes} as attributes
          from ${subscribers} where ${subscriberMatch(b.serviceId, filterOf(b.target))} offset 0) m
    on conflict do nothing`);
}

async function hasSnapshot(tx: Tx, b: Broadcast): Promise<boolean> {
  const [row] = await tx
    .select({ row: broadcastRecipients.row })
    .from(broadcastRecipients)
    .where(eq(broadcastRecipients.broadcastId, b.id))
    .limit(1);
  return row !== undefined;
}

/**
 * Deletes the broadcast's recipient rows (an upload's, or a sparse target's copy: phone numbers) once
 * no step will read them. The messages keep each recipient until the agency's retention redacts them.
 */
async function dropRecipientRows(tx: Tx, b: Broadcast): Promise<void> {
  await tx.delete(broadcastRecipients).where(eq(broadcastRecipients.broadcastId, b.id));
}

/**
 * Inserts a batch's messages `accepted` with their first history rows in one statement (one JSON
 * parameter: a 1,000-row multi-values insert costs far more to build and bind than to run).
 * Recipients that already have a message of this broadcast (a retried step) are left out.
 */
async function insertMessages(
  tx: Tx,
  b: Broadcast,
  rows: Array<{ id: string; to_phone: string; body: string }>,
): Promise<Array<{ id: string }>> {
  return tx.execute<{ id: string }>(sql`
    with v as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, to_phone text, body text)
    ), ins as (
      insert into messages (id, tenant_id, service_id, api_key_id, broadcast_id, to_phone, from_addr, body,
        reference, lane, status, send_at, valid_until)
      select v.id, ${b.tenantId}::uuid, ${b.serviceId}::uuid, ${b.apiKeyId}::uuid, ${b.id}::uuid, v.to_phone,
        ${b.fromAddr}, v.body, ${b.reference}, ${b.lane}, 'accepted', ${b.sendAt?.toISOString() ?? null}::timestamptz,
        ${b.validUntil?.toISOString() ?? null}::timestamptz
      from v
      on conflict do nothing
      returning id
    ), ev as (
      insert into message_events (tenant_id, message_id, status) select ${b.tenantId}::uuid, ins.id, 'accepted' from ins
    )
    select id from ins`);
}

async function countTargeted(tx: Tx, b: Broadcast): Promise<number> {
  if (b.target.kind === 'upload') return b.target.recipients;
  const [row] = await tx
    .select({ n: count() })
    .from(subscribers)
    .where(subscriberMatch(b.serviceId, filterOf(b.target)));
  return row?.n ?? 0;
}

/**
 * One fan-out step, in one transaction: the next recipients after the cursor become messages
 * (rendered in the recipient's language, else the default one; a recipient whose placeholders cannot
 * be filled gets a `rejected` message saying why), their `message.prepare` job, the cursor, and the
 * next step. Recipients that already have a message of this broadcast are skipped, and a step whose
 * cursor the broadcast has passed does nothing, so retries and duplicate jobs create nothing twice.
 * A paused, cancelled or superseded broadcast stops here.
 */
export async function fanOutBroadcast({
  ctx,
  input,
  batchSize = FANOUT_BATCH,
  references = new ConcatReferences(),
}: {
  ctx: ServiceContext;
  input: {
    tenantId: string;
    broadcastId: string;
    cursor: string | null;
    sparse?: boolean | undefined;
    snapshot?: boolean | undefined;
  };
  batchSize?: number;
  /** The process's concatenation references, for the steps that prepare their own messages. */
  references?: Pick<ConcatReferences, 'next'>;
}): Promise<FanOutStep> {
  const now = ctx.now?.() ?? new Date();
  return withTenant(ctx.db, input.tenantId, async (tx): Promise<FanOutStep> => {
    // The row lock orders this step against pause, cancel and supersede.
    const [b] = await tx.select().from(broadcasts).where(eq(broadcasts.id, input.broadcastId)).for('update');
    if (!b) return { outcome: 'stale' };
    if (b.status !== 'running' && b.status !== 'scheduled') {
      // Cancelled or superseded: no step reads the recipient rows again (a paused one resumes from them).
      if (b.status !== 'paused') await dropRecipientRows(tx, b);
      return { outcome: 'stopped', status: b.status };
    }
    if (b.cursor !== input.cursor) return { outcome: 'stale' };
    const startedAt = b.startedAt ?? now;
    const targeted = b.targeted ?? (await countTargeted(tx, b));
    const sparse = input.sparse ?? (await isSparse(tx, b, targeted));

    // An emergency broadcast's first step is small, so its first messages reach the carrier queue
    // in a fraction of the time a full step takes; the steps after it are full.
    const size =
      b.lane === 'emergency' && b.cursor === null ? Math.min(batchSize, FIRST_URGENT_STEP) : batchSize;
    // A sparse target is copied once, at the first step (snapshotTarget), except an emergency one:
    // copying a district before its first 100 messages would delay the alert's first submit. A step
    // queued without the flag (by resume, or before snapshots existed) finds out whether there is a copy.
    const snapshot =
      b.target.kind !== 'upload' &&
      (input.snapshot ?? (b.cursor === null ? sparse && b.lane !== 'emergency' : await hasSnapshot(tx, b)));
    if (snapshot && b.cursor === null) await snapshotTarget(tx, b);
    const from = b.target.kind === 'upload' || snapshot ? 'rows' : sparse ? 'sparse' : 'subscribers';
    const batch = await readRecipients(tx, b, size, from);
    const rendered = batch.map((r) => ({
      r,
      out: renderTemplate(templateFor(b.templates, r.language, b.defaultLanguage), r.attributes),
    }));
    const rows = rendered.map(({ r, out }) => ({
      id: randomUUID(),
      to_phone: r.phone,
      // A rejected recipient keeps the unrendered template, so the row shows what could not be filled.
      body: out.ok ? out.body : templateFor(b.templates, r.language, b.defaultLanguage),
    }));
    const inserted = rows.length === 0 ? [] : await insertMessages(tx, b, rows);
    const created = new Set(inserted.map((m) => m.id));
    const toPrepare: string[] = [];
    const rejections: Transition[] = [];
    for (const [i, { out }] of rendered.entries()) {
      const id = rows[i]?.id;
      if (id === undefined || !created.has(id)) continue;
      if (out.ok) toPrepare.push(id);
      else rejections.push({ id, status: 'rejected', reason: out.reason, detail: out.detail });
    }
    // Supersede: the older broadcast's unsent messages to these recipients go no further. Before
    // anything below, which ends by locking the day's statistics rows (the last rows a transaction
    // may lock: a receipt locks messages first, then statistics).
    if (b.supersedesId !== null)
      await cancelPendingMessages(tx, b.tenantId, ctx.queue, {
        broadcastId: b.supersedesId,
        reason: 'superseded',
        detail: { by: b.id },
        phones: batch.map((r) => r.phone),
        limit: batch.length,
      });
    if (created.size > 0) {
      await applyTransitions(tx, b.tenantId, rejections, ctx.queue);
      // An emergency step prepares its own messages: its submit jobs commit with it, one queue hop
      // (a fetch by a busy dispatcher, about 0.8 s during a blast) sooner. Other lanes queue a
      // message.prepare job, grouped by agency, so one agency's flood is prepared beside another's.
      if (toPrepare.length > 0 && b.lane === 'emergency')
        await prepareWithin(tx, ctx, { tenantId: b.tenantId, messageIds: toPrepare }, references);
      else if (toPrepare.length > 0)
        await ctx.queue.enqueue(tx, 'message.prepare', [{ tenantId: b.tenantId, messageIds: toPrepare }], {
          priority: LANES[b.lane],
          group: { id: b.tenantId },
        });
    }

    const last = batch.at(-1);
    const cursor = last === undefined ? b.cursor : last.key;
    const done = batch.length < size;
    if (done) await dropRecipientRows(tx, b);
    await tx
      .update(broadcasts)
      .set({
        status: done ? 'completed' : 'running',
        cursor,
        targeted,
        startedAt,
        fannedOut: b.fannedOut + created.size,
        ...(done ? { finishedAt: now } : {}),
        updatedAt: now,
      })
      .where(eq(broadcasts.id, b.id));
    if (!done)
      await ctx.queue.enqueue(
        tx,
        'broadcast.fanout',
        [{ tenantId: b.tenantId, broadcastId: b.id, cursor, sparse, ...(snapshot ? { snapshot } : {}) }],
        {
          priority: LANES[b.lane],
        },
      );
    return {
      outcome: done ? 'completed' : 'continued',
      created: created.size,
      rejected: rejections.length,
      cursor,
    };
  });
}
