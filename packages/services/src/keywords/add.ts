import {
  agencies,
  auditEvents,
  inboundNumbers,
  keywords,
  keywordWords,
  senders,
  services,
  withPlatform,
} from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';
import { RESERVED_WORDS } from './match.ts';
import { LANGUAGES, type Language, wordsOf } from './normalise.ts';
import { numberKey } from './number-context.ts';

const language = z.enum(LANGUAGES as [Language, ...Language[]]);

export const addKeywordInput = z.object({
  number: z.string().trim().min(3),
  serviceSlug: z.string().min(1),
  /** Needed only when several agencies on the number have a service with that slug. */
  agencySlug: z.string().min(1).optional(),
  keyword: z.string().min(1).max(40),
  language: language.default('es'),
  aliases: z
    .array(z.object({ word: z.string().min(1).max(40), language }))
    .max(20)
    .default([]),
  arg: z
    .object({
      attribute: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lower-case attribute name (district, school)'),
      values: z.array(z.string().trim().min(1).max(40)).min(1).max(200),
    })
    .optional(),
  doubleOptIn: z.boolean().default(false),
});

/** One word as stored: a single normalised word that is not one the platform reserves. */
export function keywordWord(raw: string): string {
  const words = wordsOf(raw);
  const [word] = words;
  if (word === undefined || words.length !== 1 || word.length < 2)
    throw new AppError('BAD_REQUEST', `"${raw}" must be one word of at least two letters or digits`);
  if (RESERVED_WORDS.has(word) || ['ALL', 'TODO', 'TOT'].includes(word))
    throw new AppError('BAD_REQUEST', `${word} is reserved (STOP, HELP, START and their translations)`);
  return word;
}

/**
 * Adds a keyword (and its aliases) on a number for a service. A word belongs to one keyword per
 * number across all agencies: checked here with a clear message, and by keyword_words' unique index.
 */
export async function addKeyword({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof addKeywordInput>;
  actor: Actor;
}) {
  const data = addKeywordInput.parse(input);
  const keyword = keywordWord(data.keyword);
  const words = [
    { word: keyword, language: data.language },
    ...data.aliases.map((a) => ({ word: keywordWord(a.word), language: a.language })),
  ];
  const repeated = words.find((w, i) => words.findIndex((x) => x.word === w.word) !== i);
  if (repeated) throw new AppError('BAD_REQUEST', `${repeated.word} is given twice`);
  try {
    return await withPlatform(
      ctx.db,
      { ...auditActor(actor), action: 'keyword.add', target: `${data.number} ${keyword}` },
      async (tx) => {
        const [number] = await tx
          .select()
          .from(inboundNumbers)
          .where(eq(inboundNumbers.number, numberKey(data.number)));
        if (!number)
          throw new AppError('NOT_FOUND', `No number ${data.number}: add it with \`pregon number add\``);
        // The service: one of an agency that has this number (a sender row with its address).
        const candidates = await tx
          .select({
            id: services.id,
            tenantId: services.tenantId,
            agency: agencies.slug,
            name: services.name,
          })
          .from(services)
          .innerJoin(agencies, eq(agencies.id, services.tenantId))
          .innerJoin(senders, and(eq(senders.tenantId, services.tenantId), eq(senders.value, number.sender)))
          .where(
            and(
              eq(services.slug, data.serviceSlug),
              ...(data.agencySlug === undefined ? [] : [eq(agencies.slug, data.agencySlug)]),
            ),
          );
        const unique = [...new Map(candidates.map((c) => [c.id, c])).values()];
        const [service, other] = unique;
        if (!service)
          throw new AppError(
            'NOT_FOUND',
            `No service "${data.serviceSlug}" of an agency with number ${data.number}`,
          );
        if (other)
          throw new AppError('BAD_REQUEST', `Several agencies have "${data.serviceSlug}": add --agency`);
        if (number.dedicatedServiceId !== null && number.dedicatedServiceId !== service.id)
          throw new AppError('CONFLICT', `${data.number} is dedicated to another service`);
        const taken = await tx
          .select({ word: keywordWords.word, agency: agencies.slug })
          .from(keywordWords)
          .innerJoin(agencies, eq(agencies.id, keywordWords.tenantId))
          .where(
            and(
              eq(keywordWords.numberId, number.id),
              inArray(
                keywordWords.word,
                words.map((w) => w.word),
              ),
            ),
          );
        const [clash] = taken;
        if (clash)
          throw new AppError(
            'CONFLICT',
            `${clash.word} is already a keyword on ${data.number}${clash.agency === service.agency ? '' : ' (another agency)'}`,
          );
        // An agency's own STOP word answers on every number it is on, this agency's included.
        const stops = await tx.execute<{ word: string }>(
          sql`select word from pregon_number_stop_words(${number.id}::uuid)
              union select w.word from agencies a, jsonb_to_recordset(a.stop_words) as w(word text, language text)
              where a.id = ${service.tenantId}::uuid`,
        );
        const stopClash = stops.find((s) => words.some((w) => w.word === s.word));
        if (stopClash)
          throw new AppError('CONFLICT', `${stopClash.word} is a STOP word of an agency on ${data.number}`);
        const [row] = await tx
          .insert(keywords)
          .values({
            tenantId: service.tenantId,
            serviceId: service.id,
            numberId: number.id,
            keyword,
            language: data.language,
            aliases: words.slice(1),
            argAttribute: data.arg?.attribute ?? null,
            argValues: data.arg?.values ?? null,
            doubleOptIn: data.doubleOptIn,
          })
          .returning({ id: keywords.id });
        if (!row) throw new AppError('INTERNAL', 'keyword insert returned nothing');
        await tx
          .insert(keywordWords)
          .values(
            words.map((w) => ({ tenantId: service.tenantId, keywordId: row.id, numberId: number.id, ...w })),
          );
        await tx.insert(auditEvents).values({
          tenantId: service.tenantId,
          ...auditActor(actor),
          action: 'keyword.add',
          target: `${number.sender} ${keyword}`,
        });
        return {
          id: row.id,
          number: number.sender,
          agency: service.agency,
          service: data.serviceSlug,
          keyword,
          words: words.map((w) => `${w.word}:${w.language}`),
          doubleOptIn: data.doubleOptIn,
        };
      },
    );
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError(
        'CONFLICT',
        `One of ${words.map((w) => w.word).join(', ')} is already a keyword on ${data.number}`,
      );
    throw error;
  }
}
