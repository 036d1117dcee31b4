import { withNoTenant } from '@pregon/db';
import { checkE164, type JobPayload } from '@pregon/domain';
import { type ConcatReferences, receivedAlphabet } from '@pregon/sms';
import { sql } from 'drizzle-orm';
import type { JobQueue, ServiceContext } from '../context.ts';
import { routeReply } from '../conversations/route-reply.ts';
import { AlreadyProcessed, type MoAct } from '../keywords/finish.ts';
import { helpByMo, languageByMo, unknownByMo } from '../keywords/help.ts';
import { confirmPending, joinByKeyword } from '../keywords/join.ts';
import { matchMo } from '../keywords/match.ts';
import { loadNumberContext, type NumberContext } from '../keywords/number-context.ts';
import { preparePayloads } from '../messages/prepare.ts';
import { settleNowhere, startByMo, stopByMo } from '../opt-outs/stop.ts';
import { DEFAULT_INBOUND_LIMITS, guardMo } from './guard.ts';

/**
 * The keyword engine: for each stored MO not yet handled, resolves the number it was sent to,
 * reads the text (STOP/START/HELP/IDIOMA/SI or a keyword, else a reply to a service's recent message)
 * and acts under the owning agency, marking the MO handled in the same transaction as its effect and
 * its reply. Safe to run twice.
 */
export async function processInboundMessages({
  ctx,
  input,
  references,
  concurrency = 4,
}: {
  ctx: ServiceContext;
  input: { inboundMessageIds: string[] };
  /** The process's concatenation references, for the replies prepared right away. */
  references?: Pick<ConcatReferences, 'next'>;
  /** Senders handled at once (each sender's MO stay in order); the pool should have as many connections. */
  concurrency?: number;
}): Promise<{ processed: number }> {
  if (input.inboundMessageIds.length === 0) return { processed: 0 };
  const mos = await withNoTenant(ctx.db, (tx) =>
    tx.execute<StoredMo>(
      sql`select id, source, destination, text, received_at, data_coding from pregon_inbound_to_process(${`{${input.inboundMessageIds.join(',')}}`}::uuid[])`,
    ),
  );
  const numbers = new Map<string, NumberContext | null>();
  for (const mo of mos)
    if (!numbers.has(mo.destination))
      numbers.set(mo.destination, await loadNumberContext(ctx.db, mo.destination));
  // The replies' message.prepare jobs, as they are queued (see below).
  const replies: Array<JobPayload<'message.prepare'>> = [];
  const queue: JobQueue = {
    async enqueue(tx, name, payloads, options) {
      await ctx.queue.enqueue(tx, name, payloads, options);
      if (name === 'message.prepare') replies.push(...(payloads as Array<JobPayload<'message.prepare'>>));
    },
    enqueueRaw: (tx, name, payloads, options) => ctx.queue.enqueueRaw(tx, name, payloads, options),
  };
  const act: ServiceContext = { ...ctx, queue };
  // One sender's texts in the order they came (STOP then START must stay that way); different
  // senders at once: under a blast each MO waits on commits, and one after another they queued up.
  const bySender = new Map<string, StoredMo[]>();
  for (const mo of mos) bySender.set(mo.source, [...(bySender.get(mo.source) ?? []), mo]);
  const senders = [...bySender.values()];
  let processed = 0;
  const work = async () => {
    for (let next = senders.shift(); next !== undefined; next = senders.shift())
      for (const mo of next) {
        try {
          await processOne(act, mo, numbers.get(mo.destination) ?? null);
          processed++;
        } catch (error) {
          if (!(error instanceof AlreadyProcessed)) throw error;
        }
      }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(concurrency, senders.length)) }, work),
  );
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) throw failed.reason;
  // The replies are prepared now rather than after a turn through the message.prepare queue, which
  // a blast keeps busy; their jobs stay queued as the safety net and find nothing left to do.
  await preparePayloads({ ctx, payloads: replies, references }).catch(
    () => undefined, // the queued jobs prepare them
  );
  return { processed };
}

type StoredMo = {
  id: string;
  source: string;
  destination: string;
  text: string;
  received_at: string | Date;
  data_coding: number;
};

async function processOne(ctx: ServiceContext, mo: StoredMo, number: NumberContext | null): Promise<void> {
  const phone = checkE164(mo.source.startsWith('+') ? mo.source : `+${mo.source}`);
  const now = ctx.now?.() ?? new Date();
  const nowhere: MoAct = {
    ctx,
    mo,
    phone: '',
    now,
    number: { id: '', sender: '', dedicated: null, words: [], stopWords: [] },
  };
  // A number nobody registered, or a sender we could never answer: kept, unassigned, no reply.
  if (number === null || !phone.ok) return settleNowhere(nowhere);
  // Nothing to read: kept and marked handled, no reply.
  if (mo.text.trim() === '') return settleNowhere(nowhere);
  // Binary (8-bit) MO is stored as hex, not words: kept and marked handled, never matched, no reply.
  if (receivedAlphabet(mo.data_coding) === 'binary') return settleNowhere(nowhere);
  const intent = matchMo(mo.text, number.words, number.stopWords);
  const act = await guardMo(
    { ctx, mo, phone: phone.e164, number, now },
    { source: mo.source, destination: mo.destination, receivedAt: new Date(mo.received_at) },
    intent,
    ctx.inboundLimits ?? DEFAULT_INBOUND_LIMITS,
  );
  if (act === null) return;
  switch (intent.kind) {
    case 'keyword': {
      const mine = number.words.filter((w) => w.keywordId === intent.keywordId);
      const word = mine.find((w) => w.language === intent.language) ?? mine[0];
      if (!word) return unknownByMo(act, null);
      return joinByKeyword(act, word, intent);
    }
    case 'confirm':
      // A pending double opt-in comes first; then a SI answering a service's recent message.
      if (await confirmPending(act)) return;
      if (await routeReply(act, intent.language)) return;
      return unknownByMo(act, intent.language);
    case 'stop':
      return stopByMo(act, intent);
    case 'start':
      if (await startByMo(act, intent.language)) return;
      return unknownByMo(act, intent.language);
    case 'help':
      return helpByMo(act, intent.language);
    case 'language':
      return languageByMo(act, intent.to, intent.language);
    case 'unknown':
      if (await routeReply(act, intent.language)) return;
      return unknownByMo(act, intent.language);
  }
}
