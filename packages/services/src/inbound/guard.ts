import { inboundMessages, messages, withTenant } from '@pregon/db';
import { and, desc, eq, gt, isNotNull, lte, ne } from 'drizzle-orm';
import { type MoAct, settleAndReply } from '../keywords/finish.ts';
import type { MoIntent } from '../keywords/match.ts';
import { lastContact, tenantsOnNumber } from '../keywords/number-context.ts';
import { REPLIES } from '../keywords/replies.ts';
import { settleNowhere } from '../opt-outs/stop.ts';
import { noteUnanswered } from './unanswered.ts';

/** How much one phone may text one number before the engine stops answering it. */
export interface InboundLimits {
  /** More than this many MO from one phone to one number within `windowSeconds` is a flood. */
  maxPerWindow: number;
  windowSeconds: number;
  /** At most this many automatic replies to one phone from one number per hour. */
  repliesPerHour: number;
  /** Unmatched text this soon after our last reply looks like another machine's auto-reply. */
  autoReplySeconds: number;
}

export const DEFAULT_INBOUND_LIMITS: InboundLimits = {
  maxPerWindow: 10,
  windowSeconds: 600,
  repliesPerHour: 10,
  autoReplySeconds: 10,
};

const HOUR_MS = 3_600_000;

/**
 * Before the engine acts on an MO: a flooding phone gets one "slow down" reply, then its MO are only
 * stored (STOP still honoured, silently) until the window passes; past the hourly reply cap, or when
 * unmatched text answers our reply within seconds, the MO is handled without a reply. Returns the act
 * to run (maybe with `unanswered` set), or null when the MO is already settled here.
 * Counts are read per agency on the number (RLS), over inbound_messages and replies (in_reply_to).
 */
export async function guardMo(
  act: MoAct,
  mo: { source: string; destination: string; receivedAt: Date },
  intent: MoIntent,
  limits: InboundLimits,
): Promise<MoAct | null> {
  const history = await readHistory(act, mo, limits);
  const windowMs = limits.windowSeconds * 1000;
  const at = mo.receivedAt.getTime();
  const earlier = history.mos.filter((t) => t <= at).sort((a, b) => a - b);
  const countAt = (t: number) => earlier.filter((u) => u > t - windowMs && u <= t).length;
  if (countAt(at) + 1 > limits.maxPerWindow) {
    if (intent.kind === 'stop') return { ...act, unanswered: 'rate_limited' };
    // One reply per flood: none if an MO in the window was already over the limit.
    const already = earlier.some((t) => t > at - windowMs && countAt(t) > limits.maxPerWindow);
    await settleFlood(act, already ? null : REPLIES.slowDown[intent.language ?? 'es']());
    return null;
  }
  const since = at - HOUR_MS;
  const replies = history.replies.filter((t) => t > since && t <= at + 60_000);
  if (replies.length >= limits.repliesPerHour) return { ...act, unanswered: 'reply_limit' };
  const last = Math.max(...replies, Number.NEGATIVE_INFINITY);
  if (intent.kind === 'unknown' && at >= last && at - last <= limits.autoReplySeconds * 1000)
    return { ...act, unanswered: 'auto_reply' };
  return act;
}

/** This phone's MO to this number and our replies to it, as each agency on the number sees them. */
async function readHistory(
  act: MoAct,
  mo: { source: string; destination: string; receivedAt: Date },
  limits: InboundLimits,
): Promise<{ mos: number[]; replies: number[] }> {
  const from = new Date(mo.receivedAt.getTime() - Math.max(2 * limits.windowSeconds * 1000, HOUR_MS));
  const mos: number[] = [];
  const replies: number[] = [];
  for (const tenantId of tenantsOnNumber(act.number)) {
    await withTenant(act.ctx.db, tenantId, async (tx) => {
      const m = await tx
        .select({ at: inboundMessages.receivedAt })
        .from(inboundMessages)
        .where(
          and(
            eq(inboundMessages.source, mo.source),
            eq(inboundMessages.destination, mo.destination),
            ne(inboundMessages.id, act.mo.id),
            gt(inboundMessages.receivedAt, from),
            lte(inboundMessages.receivedAt, mo.receivedAt),
          ),
        )
        .orderBy(desc(inboundMessages.receivedAt))
        .limit(1_000);
      const r = await tx
        .select({ at: messages.createdAt })
        .from(messages)
        .where(
          and(
            eq(messages.toPhone, act.phone),
            eq(messages.fromAddr, act.number.sender),
            isNotNull(messages.inReplyTo),
            gt(messages.createdAt, from),
          ),
        )
        .orderBy(desc(messages.createdAt))
        .limit(1_000);
      mos.push(...m.map((x) => x.at.getTime()));
      replies.push(...r.map((x) => x.at.getTime()));
    });
  }
  return { mos, replies };
}

/**
 * A flooding phone's MO: assigned to the agency that answers on the number (so it keeps counting),
 * audited as rate limited, and answered only with `text` (the one "slow down").
 */
async function settleFlood(act: MoAct, text: string | null): Promise<void> {
  const first = tenantsOnNumber(act.number)[0];
  const owner =
    act.number.dedicated ??
    (await lastContact(act.ctx.db, act.phone, act.number.sender)) ??
    (first === undefined ? null : { tenantId: first, serviceId: null });
  if (owner === null) return settleNowhere(act);
  await withTenant(act.ctx.db, owner.tenantId, async (tx) => {
    await settleAndReply(tx, act, { ...owner, assign: true }, text);
    await noteUnanswered(tx, {
      tenantId: owner.tenantId,
      moId: act.mo.id,
      phone: act.phone,
      number: act.number.sender,
      reason: 'rate_limited',
    });
  });
}
