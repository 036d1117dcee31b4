import { agencies, services, subscribers, type Tx } from '@pregon/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { noteUnanswered, type UnansweredReason } from '../inbound/unanswered.ts';
import { queueMoReply } from '../messages/reply.ts';
import { describeMatch, enqueueInboundWebhook } from '../webhooks/enqueue-inbound.ts';
import type { Language } from './normalise.ts';
import type { NumberContext } from './number-context.ts';

/** One MO being acted on. */
export interface MoAct {
  ctx: ServiceContext;
  mo: { id: string; text: string };
  /** The sender's E.164. */
  phone: string;
  number: NumberContext;
  now: Date;
  /** Set by the abuse guard: act on the MO but send no reply, and audit why. */
  unanswered?: UnansweredReason;
}

/** The MO was handled by another run in the meantime: roll this one back. */
export class AlreadyProcessed extends Error {}

/**
 * Marks the MO handled in this tenant transaction (assigned to this tenant and service when `assign`)
 * and queues the reply from the number that received it, in the same transaction.
 */
export async function settleAndReply(
  tx: Tx,
  act: MoAct,
  at: { tenantId: string; serviceId: string | null; assign: boolean },
  text: string | null,
  /** How agencies are told the MO was read (message.inbound); default: as the keyword engine reads it. */
  matched?: { kind: string; keyword: string | null },
): Promise<void> {
  const [row] = await tx.execute<{ ok: boolean }>(
    sql`select pregon_settle_inbound(${act.mo.id}::uuid, ${at.serviceId}::uuid, ${at.assign}) as ok`,
  );
  if (!row?.ok) throw new AlreadyProcessed(act.mo.id);
  if (at.assign)
    await enqueueInboundWebhook(
      tx,
      act.ctx.queue,
      at.tenantId,
      act.mo.id,
      matched ?? describeMatch(act.mo.text, act.number.words),
    );
  if (act.unanswered !== undefined)
    return noteUnanswered(tx, {
      tenantId: at.tenantId,
      moId: act.mo.id,
      phone: act.phone,
      number: act.number.sender,
      reason: act.unanswered,
    });
  if (text === null) return;
  await queueMoReply(tx, act.ctx, {
    tenantId: at.tenantId,
    serviceId: at.serviceId,
    to: act.phone,
    from: act.number.sender,
    text,
    inReplyTo: act.mo.id,
  });
}

/** Service and agency names for replies, read in the tenant's transaction. */
export async function serviceNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(sql`${services.id} = any(${`{${ids.join(',')}}`}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function agencyName(tx: Tx, tenantId: string): Promise<string> {
  const [a] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, tenantId));
  return a?.name ?? '';
}

/** The language this phone last chose with this agency; Spanish when none. */
export async function subscriberLanguage(tx: Tx, phone: string): Promise<Language> {
  const [s] = await tx
    .select({ language: subscribers.language })
    .from(subscribers)
    .where(and(eq(subscribers.phone, phone)))
    .orderBy(desc(subscribers.updatedAt))
    .limit(1);
  return s?.language ?? 'es';
}
