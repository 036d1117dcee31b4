import { services, subscribers, withTenant } from '@pregon/db';
import { and, eq, inArray } from 'drizzle-orm';
import { settleNowhere } from '../opt-outs/stop.ts';
import { agencyName, type MoAct, settleAndReply, subscriberLanguage } from './finish.ts';
import type { Language } from './normalise.ts';
import { lastContact, servicesOnNumber, tenantsOnNumber } from './number-context.ts';
import { REPLIES } from './replies.ts';

/** The agency that answers on this number for this phone: the dedicated owner, else who last wrote to it. */
async function answeringService(act: MoAct): Promise<{ tenantId: string; serviceId: string | null } | null> {
  return act.number.dedicated ?? (await lastContact(act.ctx.db, act.phone, act.number.sender));
}

/** HELP/AYUDA/AJUDA/INFO: the service's contact text (or a default naming it and its agency). */
export async function helpByMo(act: MoAct, language: Language): Promise<void> {
  const at = await answeringService(act);
  if (!at) return unknownByMo(act, language);
  await withTenant(act.ctx.db, at.tenantId, async (tx) => {
    const agency = await agencyName(tx, at.tenantId);
    const [svc] =
      at.serviceId === null
        ? []
        : await tx
            .select({ name: services.name, contact: services.contactText })
            .from(services)
            .where(eq(services.id, at.serviceId));
    const contact = svc?.contact ?? REPLIES.defaultContact[language](agency, svc?.name ?? agency);
    await settleAndReply(tx, act, { ...at, assign: true }, REPLIES.help[language](contact));
  });
}

/** IDIOMA CA: the phone's subscriptions on this number switch language; the reply is in the new one. */
export async function languageByMo(act: MoAct, to: Language | null, language: Language): Promise<void> {
  const tenants = tenantsOnNumber(act.number);
  const primary = act.number.dedicated?.tenantId ?? tenants[0];
  if (primary === undefined) return settleNowhere(act);
  for (const tenantId of [...tenants.filter((t) => t !== primary), primary]) {
    await withTenant(act.ctx.db, tenantId, async (tx) => {
      const ids = servicesOnNumber(act.number, tenantId);
      if (to !== null && ids.length > 0)
        await tx
          .update(subscribers)
          .set({ language: to, updatedAt: act.now })
          .where(and(eq(subscribers.phone, act.phone), inArray(subscribers.serviceId, ids)));
      if (tenantId !== primary) return;
      const text = to === null ? REPLIES.languageUsage[language]() : REPLIES.languageChanged[to]();
      await settleAndReply(tx, act, { tenantId, serviceId: null, assign: true }, text);
    });
  }
}

/**
 * Text the engine does not understand: the number's help, listing its keywords. It belongs to the
 * dedicated service or to whoever last wrote to the phone; otherwise it stays unassigned.
 */
export async function unknownByMo(act: MoAct, language: Language | null): Promise<void> {
  const owner = await answeringService(act);
  const tenantId = owner?.tenantId ?? act.number.words[0]?.tenantId;
  if (tenantId === undefined) return settleNowhere(act);
  const own = act.number.dedicated
    ? act.number.words.filter((w) => w.tenantId === act.number.dedicated?.tenantId)
    : act.number.words;
  const list = [...new Set(own.map((w) => w.keyword))].join(', ');
  await withTenant(act.ctx.db, tenantId, async (tx) => {
    const lang = language ?? (await subscriberLanguage(tx, act.phone));
    await settleAndReply(
      tx,
      act,
      { tenantId, serviceId: owner?.serviceId ?? null, assign: owner !== null },
      REPLIES.unknown[lang](list === '' ? '-' : list),
    );
  });
}
