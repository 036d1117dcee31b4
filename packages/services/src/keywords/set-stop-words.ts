import { agencies, auditEvents, inboundNumbers, keywords, keywordWords, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { keywordWord } from './add.ts';
import { LANGUAGES, type Language } from './normalise.ts';

const language = z.enum(LANGUAGES as [Language, ...Language[]]);

export const setStopWordsInput = z.object({
  agencySlug: z.string().min(1),
  /** The whole list: it replaces the previous one; empty removes them all. */
  words: z.array(z.object({ word: z.string().min(1).max(40), language })).max(20, 'at most 20 STOP words'),
});

/**
 * Sets an agency's own STOP words (besides STOP, BAJA, PARAR, PROU, CANCEL, UNSUBSCRIBE), answered
 * exactly like STOP on every number where the agency has a service. A word must be one word, not one
 * the platform reserves, and not a keyword of any agency on those numbers (a keyword added later is
 * checked against it too). Audited.
 */
export async function setStopWords({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof setStopWordsInput>;
  actor: Actor;
}): Promise<{ agency: string; words: Array<{ word: string; language: Language }> }> {
  const data = setStopWordsInput.parse(input);
  const words = data.words.map((w) => ({ word: keywordWord(w.word), language: w.language }));
  const repeated = words.find((w, i) => words.findIndex((x) => x.word === w.word) !== i);
  if (repeated) throw new AppError('BAD_REQUEST', `${repeated.word} is given twice`);
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'agency.stop_words', target: data.agencySlug, detail: { words } },
    async (tx) => {
      const [agency] = await tx.select().from(agencies).where(eq(agencies.slug, data.agencySlug));
      if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`);
      if (words.length > 0) {
        // The numbers the agency is on: dedicated to one of its services, or carrying one of its keywords.
        const numberIds = (
          await tx
            .select({ id: inboundNumbers.id })
            .from(inboundNumbers)
            .where(eq(inboundNumbers.dedicatedTenantId, agency.id))
            .union(
              tx.select({ id: keywords.numberId }).from(keywords).where(eq(keywords.tenantId, agency.id)),
            )
        ).map((r) => r.id);
        if (numberIds.length > 0) {
          const [clash] = await tx
            .select({ word: keywordWords.word, number: inboundNumbers.number })
            .from(keywordWords)
            .innerJoin(inboundNumbers, eq(inboundNumbers.id, keywordWords.numberId))
            .where(
              and(
                inArray(keywordWords.numberId, numberIds),
                inArray(
                  keywordWords.word,
                  words.map((w) => w.word),
                ),
              ),
            )
            .limit(1);
          if (clash)
            throw new AppError(
              'CONFLICT',
              `${clash.word} is a keyword on ${clash.number}, so it cannot mean STOP there`,
            );
        }
        // Another agency's STOP word on a shared number is fine: both mean STOP.
      }
      await tx.update(agencies).set({ stopWords: words }).where(eq(agencies.id, agency.id));
      await tx.insert(auditEvents).values({
        tenantId: agency.id,
        ...auditActor(actor),
        action: 'agency.stop_words',
        target: agency.slug,
        detail: { words },
      });
      return { agency: agency.slug, words };
    },
  );
}
