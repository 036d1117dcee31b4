import { consents, optOuts, subscribers, type Tx, withNoTenant, withTenant } from '@pregon/db';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { type MoAct, serviceNames, settleAndReply } from '../keywords/finish.ts';
import type { Language } from '../keywords/normalise.ts';
import { lastContact, servicesOnNumber, tenantsOnNumber } from '../keywords/number-context.ts';
import { REPLIES } from '../keywords/replies.ts';
import { enqueueSubscriberWebhooks, type SubscriberChange } from '../webhooks/enqueue-subscriber.ts';

/** Which services a STOP leaves, per agency. `null` in services: every service of the agency on the number. */
type StopTargets = Map<string, Array<string | null>>;

/**
 * STOP/BAJA/PROU: on a dedicated number, leaves its service; on a shared one, the service that last
 * wrote to the phone from it; STOP ALL (or a shared number that never wrote to the phone) leaves every
 * service on the number. Ledger rows and subscriber status change together, then the confirmation
 * goes out (replies to the citizen's own MO pass the ledger).
 */
export async function stopByMo(act: MoAct, intent: { all: boolean; language: Language }): Promise<void> {
  const n = act.number;
  const contact = n.dedicated ? null : await lastContact(act.ctx.db, act.phone, n.sender);
  const targets: StopTargets = new Map();
  const everything = intent.all || (n.dedicated === null && contact === null);
  if (everything) {
    for (const t of tenantsOnNumber(n)) targets.set(t, [...servicesOnNumber(n, t), null]);
  } else if (n.dedicated) {
    targets.set(n.dedicated.tenantId, [n.dedicated.serviceId]);
  } else if (contact) {
    // A message sent without a service: the agency's services on this number, and the number itself.
    const ids =
      contact.serviceId === null ? [...servicesOnNumber(n, contact.tenantId), null] : [contact.serviceId];
    targets.set(contact.tenantId, ids);
  }
  const primary = n.dedicated?.tenantId ?? contact?.tenantId ?? [...targets.keys()][0];
  if (primary === undefined) return settleNowhere(act);
  if (!targets.has(primary)) targets.set(primary, []);
  const names: string[] = [];
  for (const [tenantId, serviceIds] of [...targets].sort(
    ([a], [b]) => Number(a === primary) - Number(b === primary),
  )) {
    await withTenant(act.ctx.db, tenantId, async (tx) => {
      await leave(tx, act, tenantId, serviceIds, everything ? 'sms_stop_all' : 'sms_stop');
      const byId = await serviceNames(
        tx,
        serviceIds.filter((s) => s !== null),
      );
      names.push(...byId.values());
      if (tenantId !== primary) return;
      const only = serviceIds.length === 1 ? (serviceIds[0] ?? null) : null;
      const text =
        names.length === 0
          ? REPLIES.stoppedNothing[intent.language]()
          : REPLIES.stopped[intent.language](names.join(', '));
      await settleAndReply(tx, act, { tenantId, serviceId: only, assign: true }, text);
    });
  }
}

/** Writes the ledger rows not already active and marks the subscriptions opted out. */
async function leave(tx: Tx, act: MoAct, tenantId: string, serviceIds: Array<string | null>, source: string) {
  if (serviceIds.length === 0) return;
  const active = await tx
    .select({ serviceId: optOuts.serviceId, number: optOuts.number })
    .from(optOuts)
    .where(and(eq(optOuts.phone, act.phone), isNull(optOuts.revokedAt)));
  const rows = serviceIds
    .filter((s) => !active.some((a) => a.serviceId === s && (s !== null || a.number === act.number.sender)))
    .map((serviceId) => ({
      tenantId,
      phone: act.phone,
      serviceId,
      number: act.number.sender,
      source,
      inboundMessageId: act.mo.id,
      at: act.now,
    }));
  if (rows.length > 0) {
    await tx.insert(optOuts).values(rows);
    await enqueueSubscriberWebhooks(
      tx,
      act.ctx.queue,
      tenantId,
      'subscriber.opted_out',
      rows.map(smsChange(act)),
    );
  }
  const ids = serviceIds.filter((s) => s !== null);
  if (ids.length > 0)
    await tx
      .update(subscribers)
      .set({ status: 'opted_out', pendingUntil: null, updatedAt: act.now })
      .where(and(eq(subscribers.phone, act.phone), inArray(subscribers.serviceId, ids)));
}

/**
 * START/ALTA: lifts this phone's opt-outs of the services on the number (the dedicated one, or all on
 * a shared number) and reactivates those subscriptions, each with a consent naming this MO.
 * Returns false when there was nothing to restart.
 */
export async function startByMo(act: MoAct, language: Language): Promise<boolean> {
  const n = act.number;
  const tenants = n.dedicated ? [n.dedicated.tenantId] : tenantsOnNumber(n);
  const restarted: Array<{ tenantId: string; serviceIds: string[] }> = [];
  const names: string[] = [];
  for (const tenantId of tenants) {
    const serviceIds = await withTenant(act.ctx.db, tenantId, async (tx) => {
      const ids = await rejoin(tx, act, tenantId);
      names.push(...(await serviceNames(tx, ids)).values());
      return ids;
    });
    if (serviceIds.length > 0) restarted.push({ tenantId, serviceIds });
  }
  const primary = restarted[0];
  if (!primary) return false;
  const only =
    restarted.length === 1 && primary.serviceIds.length === 1 ? (primary.serviceIds[0] ?? null) : null;
  await withTenant(act.ctx.db, primary.tenantId, (tx) =>
    settleAndReply(
      tx,
      act,
      { tenantId: primary.tenantId, serviceId: only, assign: true },
      REPLIES.started[language](names.join(', ')),
    ),
  );
  return true;
}

async function rejoin(tx: Tx, act: MoAct, tenantId: string): Promise<string[]> {
  const services = servicesOnNumber(act.number, tenantId);
  const revoked = await tx
    .update(optOuts)
    .set({ revokedAt: act.now, revokedInboundMessageId: act.mo.id })
    .where(
      and(
        eq(optOuts.phone, act.phone),
        isNull(optOuts.revokedAt),
        or(
          services.length > 0 ? inArray(optOuts.serviceId, services) : sql`false`,
          and(isNull(optOuts.serviceId), eq(optOuts.number, act.number.sender)),
        ),
      ),
    )
    .returning({ serviceId: optOuts.serviceId });
  if (services.length === 0) {
    await enqueueSubscriberWebhooks(
      tx,
      act.ctx.queue,
      tenantId,
      'subscriber.opted_in',
      revoked.map(smsChange(act)),
    );
    return [];
  }
  const back = await tx
    .update(subscribers)
    .set({ status: 'active', updatedAt: act.now })
    .where(
      and(
        eq(subscribers.phone, act.phone),
        eq(subscribers.status, 'opted_out'),
        inArray(subscribers.serviceId, services),
      ),
    )
    .returning({ id: subscribers.id, serviceId: subscribers.serviceId, language: subscribers.language });
  const lifted = [...new Set([...revoked.map((r) => r.serviceId), ...back.map((b) => b.serviceId)])];
  await enqueueSubscriberWebhooks(
    tx,
    act.ctx.queue,
    tenantId,
    'subscriber.opted_in',
    lifted.map((serviceId) => smsChange(act)({ serviceId })),
  );
  if (back.length > 0)
    await tx.insert(consents).values(
      back.map((s) => ({
        tenantId,
        subscriberId: s.id,
        channel: 'sms' as const,
        inboundMessageId: act.mo.id,
        detail: { restart: true, text: act.mo.text },
        language: s.language,
        at: act.now,
      })),
    );
  return [
    ...new Set([
      ...revoked.flatMap((r) => (r.serviceId === null ? [] : [r.serviceId])),
      ...back.map((b) => b.serviceId),
    ]),
  ];
}

/** No agency on the number to act for: the MO is marked handled and stays unassigned. */
export async function settleNowhere(act: MoAct): Promise<void> {
  await withNoTenant(act.ctx.db, (tx) =>
    tx.execute(sql`select pregon_settle_inbound(${act.mo.id}::uuid, null::uuid, false)`),
  );
}

/** A change the citizen made by texting this MO to this number. */
export function smsChange(act: MoAct): (row: { serviceId: string | null }) => SubscriberChange {
  return ({ serviceId }) => ({
    phone: act.phone,
    serviceId,
    number: act.number.sender,
    source: 'sms',
    inboundMessageId: act.mo.id,
    at: act.now,
  });
}
