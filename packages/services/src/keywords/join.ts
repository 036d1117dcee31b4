import { consents, keywords, optOuts, services, subscribers, type Tx, withTenant } from '@pregon/db';
import { and, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { smsChange } from '../opt-outs/stop.ts';
import { enqueueSubscriberWebhooks } from '../webhooks/enqueue-subscriber.ts';
import { type MoAct, serviceNames, settleAndReply } from './finish.ts';
import { matchArgument } from './match.ts';
import type { Language } from './normalise.ts';
import type { OwnedWord } from './number-context.ts';
import { servicesOnNumber, tenantsOnNumber } from './number-context.ts';
import { REPLIES } from './replies.ts';

/** Double opt-in: how long a confirmation (SI/SÍ/YES) counts. */
export const DOUBLE_OPT_IN_MS = 24 * 60 * 60 * 1000;

/**
 * A keyword joins its service: the argument (if the keyword takes one) must be an allowed value;
 * then the subscriber is active with a consent naming this MO, or pending a confirmation.
 */
export async function joinByKeyword(
  act: MoAct,
  word: OwnedWord,
  intent: { language: Language; args: string[] },
): Promise<void> {
  await withTenant(act.ctx.db, word.tenantId, async (tx) => {
    const [k] = await tx
      .select({ k: keywords, serviceName: services.name })
      .from(keywords)
      .innerJoin(services, eq(services.id, keywords.serviceId))
      .where(eq(keywords.id, word.keywordId));
    if (!k) throw new Error(`keyword ${word.keywordId} vanished`);
    const at = { tenantId: word.tenantId, serviceId: k.k.serviceId, assign: true };
    const lang = intent.language;
    let attributes: Record<string, string> = {};
    let value: string | null = null;
    if (k.k.argAttribute !== null) {
      const allowed = k.k.argValues ?? [];
      value = matchArgument(intent.args, allowed);
      if (value === null) {
        await settleAndReply(tx, act, at, REPLIES.invalidArgument[lang](word.word, allowed.join(', ')));
        return;
      }
      attributes = { [k.k.argAttribute]: value };
    }
    const [existing] = await tx
      .select({ status: subscribers.status })
      .from(subscribers)
      .where(and(eq(subscribers.serviceId, k.k.serviceId), eq(subscribers.phone, act.phone)));
    const pending = k.k.doubleOptIn && existing?.status !== 'active';
    const status = pending ? ('pending' as const) : ('active' as const);
    const pendingUntil = pending ? new Date(act.now.getTime() + DOUBLE_OPT_IN_MS) : null;
    const pendingInboundMessageId = pending ? act.mo.id : null;
    const [sub] = await tx
      .insert(subscribers)
      .values({
        tenantId: word.tenantId,
        serviceId: k.k.serviceId,
        phone: act.phone,
        status,
        language: lang,
        attributes,
        pendingUntil,
        pendingInboundMessageId,
      })
      .onConflictDoUpdate({
        target: [subscribers.serviceId, subscribers.phone],
        set: {
          status,
          language: lang,
          attributes: sql`${subscribers.attributes} || ${JSON.stringify(attributes)}::jsonb`,
          pendingUntil,
          pendingInboundMessageId,
          updatedAt: act.now,
        },
      })
      .returning({ id: subscribers.id });
    if (!sub) throw new Error('subscriber upsert returned nothing');
    if (pending) {
      await settleAndReply(tx, act, at, REPLIES.confirmPending[lang](k.serviceName));
      return;
    }
    await activate(tx, act, word.tenantId, sub.id, k.k.serviceId, lang, {
      keyword: k.k.keyword,
      text: act.mo.text,
    });
    await settleAndReply(tx, act, at, REPLIES.subscribed[lang](k.serviceName, value));
  });
}

/**
 * SI/SÍ/YES: confirms this phone's newest pending subscription on the number still within 24 h.
 * Returns false when there is none (the caller answers as for unknown text).
 */
export async function confirmPending(act: MoAct): Promise<boolean> {
  for (const tenantId of tenantsOnNumber(act.number)) {
    const confirmed = await withTenant(act.ctx.db, tenantId, async (tx) => {
      const [sub] = await tx
        .select()
        .from(subscribers)
        .where(
          and(
            eq(subscribers.phone, act.phone),
            eq(subscribers.status, 'pending'),
            inArray(subscribers.serviceId, servicesOnNumber(act.number, tenantId)),
            gt(subscribers.pendingUntil, act.now),
          ),
        )
        .orderBy(desc(subscribers.updatedAt))
        .limit(1);
      if (!sub) return false;
      await tx
        .update(subscribers)
        .set({ status: 'active', pendingUntil: null, pendingInboundMessageId: null, updatedAt: act.now })
        .where(eq(subscribers.id, sub.id));
      await activate(tx, act, tenantId, sub.id, sub.serviceId, sub.language, {
        confirms: sub.pendingInboundMessageId,
        text: act.mo.text,
      });
      const names = await serviceNames(tx, [sub.serviceId]);
      const value = Object.values(sub.attributes)[0] ?? null;
      await settleAndReply(
        tx,
        act,
        { tenantId, serviceId: sub.serviceId, assign: true },
        REPLIES.subscribed[sub.language](names.get(sub.serviceId) ?? '', value),
      );
      return true;
    });
    if (confirmed) return true;
  }
  return false;
}

/** Consent for this MO, and the ledger's opt-outs of that service lifted (joining again is consent). */
async function activate(
  tx: Tx,
  act: MoAct,
  tenantId: string,
  subscriberId: string,
  serviceId: string,
  language: Language,
  detail: Record<string, unknown>,
): Promise<void> {
  await tx.insert(consents).values({
    tenantId,
    subscriberId,
    channel: 'sms',
    inboundMessageId: act.mo.id,
    detail,
    language,
    at: act.now,
  });
  await tx
    .update(optOuts)
    .set({ revokedAt: act.now, revokedInboundMessageId: act.mo.id })
    .where(
      and(
        eq(optOuts.phone, act.phone),
        isNull(optOuts.revokedAt),
        // A STOP ALL also left an "every service of the agency on this number" row, which would keep
        // blocking this service from the very number the citizen just texted. The agency's other
        // services keep their own rows (STOP ALL writes one per service), so they stay left.
        or(
          eq(optOuts.serviceId, serviceId),
          and(isNull(optOuts.serviceId), eq(optOuts.number, act.number.sender)),
        ),
      ),
    );
  await enqueueSubscriberWebhooks(tx, act.ctx.queue, tenantId, 'subscriber.opted_in', [
    smsChange(act)({ serviceId }),
  ]);
}
