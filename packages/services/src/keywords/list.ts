import { inboundNumbers, keywords, senders, services, withTenant } from '@pregon/db';
import { asc, eq, inArray } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import type { Language } from './normalise.ts';

export interface KeywordView {
  id: string;
  keyword: string;
  language: Language;
  service: string;
  serviceName: string;
  aliases: Array<{ word: string; language: Language }>;
  /** The subscriber attribute the argument sets, with its allowed values; null without an argument. */
  arg: { attribute: string; values: string[] } | null;
  doubleOptIn: boolean;
  createdAt: string;
}

export interface NumberView {
  /** As replies use it: '21700' or '+34911000000'. */
  number: string;
  /** dedicated: to `dedicatedService` of this agency; shared: several agencies' services answer there. */
  kind: 'dedicated' | 'shared';
  dedicatedService: string | null;
  /** This agency's keywords on the number (other agencies' keywords on a shared number stay hidden). */
  keywords: KeywordView[];
}

/**
 * The inbound numbers an agency answers on (those it has a sender row for) with its keywords on
 * each, aliases per language and argument values: what the console's keyword page shows.
 */
export async function listNumbersAndKeywords({
  ctx,
  tenantId,
}: {
  ctx: ServiceContext;
  tenantId: string;
}): Promise<NumberView[]> {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const numbers = await tx
      .selectDistinct({
        id: inboundNumbers.id,
        sender: inboundNumbers.sender,
        dedicatedServiceId: inboundNumbers.dedicatedServiceId,
      })
      .from(inboundNumbers)
      .innerJoin(senders, eq(senders.value, inboundNumbers.sender))
      .orderBy(asc(inboundNumbers.sender));
    if (numbers.length === 0) return [];
    const rows = await tx
      .select({ k: keywords, service: services.slug, serviceName: services.name })
      .from(keywords)
      .innerJoin(services, eq(services.id, keywords.serviceId))
      .where(
        inArray(
          keywords.numberId,
          numbers.map((n) => n.id),
        ),
      )
      .orderBy(asc(keywords.keyword));
    const slugs = new Map((await tx.select().from(services)).map((s) => [s.id, s.slug]));
    return numbers.map((n) => ({
      number: n.sender,
      kind: n.dedicatedServiceId === null ? 'shared' : 'dedicated',
      dedicatedService: n.dedicatedServiceId === null ? null : (slugs.get(n.dedicatedServiceId) ?? null),
      keywords: rows
        .filter((r) => r.k.numberId === n.id)
        .map(({ k, service, serviceName }) => ({
          id: k.id,
          keyword: k.keyword,
          language: k.language,
          service,
          serviceName,
          aliases: k.aliases,
          arg: k.argAttribute === null ? null : { attribute: k.argAttribute, values: k.argValues ?? [] },
          doubleOptIn: k.doubleOptIn,
          createdAt: k.createdAt.toISOString(),
        })),
    }));
  });
}
