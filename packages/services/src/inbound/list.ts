import {
  auditEvents,
  consents,
  inboundMessages,
  inboundNumbers,
  keywords,
  keywordWords,
  messages,
  optOuts,
  services,
  subscribers,
  type Tx,
  withTenant,
} from '@pregon/db';
import { and, desc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { type MoIntent, matchMo } from '../keywords/match.ts';
import { numberKey } from '../keywords/number-context.ts';
import type { UnansweredReason } from './unanswered.ts';

export interface InboundView {
  id: string;
  from: string;
  to: string;
  text: string;
  receivedAt: string;
  /** The service the engine assigned it to, if any. */
  service: string | null;
  /** How the engine reads the text: a keyword of this agency (with its arguments), or a reserved word. */
  reading: {
    kind: MoIntent['kind'];
    keyword: string | null;
    args: string[];
    typo: boolean;
  };
  /** Handled without a reply, and why (a flood is `rate_limited`). */
  unanswered: UnansweredReason | null;
  /** The engine's answer, as sent. */
  reply: { text: string; status: (typeof messages.$inferSelect)['status'] } | null;
  /** What it changed: a subscription (service slug) or opt-outs (service slug, or null for all). */
  joined: string | null;
  optedOut: Array<{ service: string | null }>;
}

/**
 * The agency's MO log, newest first, with what the keyword engine made of each: the reading of the
 * text against the number's words, and the effects stored with the MO's id (reply, consent, opt-out,
 * unanswered audit). `before` is the last row's id.
 */
export async function listInboundMessages({
  ctx,
  tenantId,
  input,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: { limit?: number; before?: string };
}): Promise<InboundView[]> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [cursor] =
      input.before === undefined
        ? []
        : await tx
            .select({ at: inboundMessages.receivedAt, id: inboundMessages.id })
            .from(inboundMessages)
            .where(eq(inboundMessages.id, input.before));
    if (input.before !== undefined && !cursor) return [];
    const mos = await tx
      .select({ m: inboundMessages, service: services.slug })
      .from(inboundMessages)
      .leftJoin(services, eq(services.id, inboundMessages.serviceId))
      .where(
        cursor
          ? or(
              lt(inboundMessages.receivedAt, cursor.at),
              and(eq(inboundMessages.receivedAt, cursor.at), lt(inboundMessages.id, cursor.id)),
            )
          : undefined,
      )
      .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
      .limit(limit);
    if (mos.length === 0) return [];
    const ids = mos.map((r) => r.m.id);
    // Replies, consents and opt-outs carry the sender's E.164: the phone indexes find them, not a scan.
    const phones = [...new Set(mos.map((r) => (r.m.source.startsWith('+') ? r.m.source : `+${r.m.source}`)))];
    // Audit rows are written when the MO is handled, after it arrived; an hour of slack covers clock skew.
    const since = new Date((mos.at(-1)?.m.receivedAt.getTime() ?? 0) - 3_600_000);

    const unanswered = await tx
      .select({ target: auditEvents.target, detail: auditEvents.detail })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'inbound.unanswered'),
          gte(auditEvents.at, since),
          inArray(auditEvents.target, ids),
        ),
      );
    const replies = await tx
      .select({ inReplyTo: messages.inReplyTo, body: messages.body, status: messages.status })
      .from(messages)
      .where(and(inArray(messages.toPhone, phones), inArray(messages.inReplyTo, ids)))
      .orderBy(messages.createdAt);
    const joins = await tx
      .select({ mo: consents.inboundMessageId, service: services.slug })
      .from(consents)
      .innerJoin(subscribers, eq(subscribers.id, consents.subscriberId))
      .innerJoin(services, eq(services.id, subscribers.serviceId))
      .where(and(inArray(subscribers.phone, phones), inArray(consents.inboundMessageId, ids)));
    const stops = await tx
      .select({ mo: optOuts.inboundMessageId, service: services.slug })
      .from(optOuts)
      .leftJoin(services, eq(services.id, optOuts.serviceId))
      .where(and(inArray(optOuts.phone, phones), inArray(optOuts.inboundMessageId, ids)));
    const words = await numberWords(
      tx,
      mos.map((r) => r.m.destination),
    );

    return mos.map(({ m, service }) => {
      const reason = (
        unanswered.find((u) => u.target === m.id)?.detail as { reason?: UnansweredReason } | null
      )?.reason;
      const reply = replies.find((r) => r.inReplyTo === m.id);
      return {
        id: m.id,
        from: m.source,
        to: m.destination,
        text: m.text,
        receivedAt: m.receivedAt.toISOString(),
        service,
        reading: readMo(m.text, words.get(numberKey(m.destination)) ?? []),
        unanswered: reason ?? null,
        reply: reply ? { text: reply.body, status: reply.status } : null,
        joined: joins.find((j) => j.mo === m.id)?.service ?? null,
        optedOut: stops.filter((s) => s.mo === m.id).map((s) => ({ service: s.service })),
      };
    });
  });
}

type Word = { word: string; language: 'es' | 'ca' | 'en'; keywordId: string; keyword: string };

/**
 * This agency's words on each number (keyed by digits). Other agencies' words on a shared number
 * stay hidden, which cannot change the reading of an MO the engine gave to this agency.
 */
async function numberWords(tx: Tx, destinations: string[]): Promise<Map<string, Word[]>> {
  const keys = [...new Set(destinations.map(numberKey))].filter((k) => k !== '');
  if (keys.length === 0) return new Map();
  const rows = await tx
    .select({
      number: inboundNumbers.number,
      word: keywordWords.word,
      language: keywordWords.language,
      keywordId: keywords.id,
      keyword: keywords.keyword,
    })
    .from(keywordWords)
    .innerJoin(keywords, eq(keywords.id, keywordWords.keywordId))
    .innerJoin(inboundNumbers, eq(inboundNumbers.id, keywordWords.numberId))
    .where(inArray(inboundNumbers.number, keys));
  const map = new Map<string, Word[]>();
  for (const { number, ...word } of rows) map.set(number, [...(map.get(number) ?? []), word]);
  return map;
}

function readMo(text: string, words: Word[]): InboundView['reading'] {
  const intent = matchMo(text, words);
  if (intent.kind !== 'keyword') return { kind: intent.kind, keyword: null, args: [], typo: false };
  return {
    kind: 'keyword',
    keyword: words.find((w) => w.keywordId === intent.keywordId)?.keyword ?? null,
    args: intent.args,
    typo: intent.typo,
  };
}
