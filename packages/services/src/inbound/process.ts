import { withNoTenant } from '@pregon/db';
import { checkE164 } from '@pregon/domain';
import { receivedAlphabet } from '@pregon/sms';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { routeReply } from '../conversations/route-reply.ts';
import { AlreadyProcessed, type MoAct } from '../keywords/finish.ts';
import { helpByMo, languageByMo, unknownByMo } from '../keywords/help.ts';
import { confirmPending, joinByKeyword } from '../keywords/join.ts';
import { matchMo } from '../keywords/match.ts';
import { loadNumberContext, type NumberContext } from '../keywords/number-context.ts';
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
}: {
  ctx: ServiceContext;
  input: { inboundMessageIds: string[] };
}): Promise<{ processed: number }> {
  if (input.inboundMessageIds.length === 0) return { processed: 0 };
  const mos = await withNoTenant(ctx.db, (tx) =>
    tx.execute<{
      id: string;
      source: string;
      destination: string;
      text: string;
      received_at: string | Date;
      data_coding: number;
    }>(
      sql`select id, source, destination, text, received_at, data_coding from pregon_inbound_to_process(${`{${input.inboundMessageIds.join(',')}}`}::uuid[])`,
    ),
  );
  const numbers = new Map<string, NumberContext | null>();
  let processed = 0;
  for (const mo of mos) {
    let number = numbers.get(mo.destination);
    if (number === undefined) {
      number = await loadNumberContext(ctx.db, mo.destination);
      numbers.set(mo.destination, number);
    }
    try {
      await processOne(ctx, mo, number);
      processed++;
    } catch (error) {
      if (!(error instanceof AlreadyProcessed)) throw error;
    }
  }
  return { processed };
}

async function processOne(
  ctx: ServiceContext,
  mo: {
    id: string;
    source: string;
    destination: string;
    text: string;
    received_at: string | Date;
    data_coding: number;
  },
  number: NumberContext | null,
): Promise<void> {
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
