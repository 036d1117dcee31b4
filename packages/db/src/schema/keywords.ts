import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { inboundNumbers } from './inbound-numbers.ts';
import { services } from './services.ts';
import { tenantId, tenantPolicy } from './tenancy.ts';

export const KEYWORD_LANGUAGES = ['es', 'ca', 'en'] as const;
export type KeywordLanguage = (typeof KEYWORD_LANGUAGES)[number];

/** A word citizens text to a number to join a service (`ALERTAS CENTRO`), with aliases per language. */
export const keywords = pgTable(
  'keywords',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    serviceId: uuid()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    numberId: uuid()
      .notNull()
      .references(() => inboundNumbers.id, { onDelete: 'cascade' }),
    /** Normalised: upper case, no accents. */
    keyword: text().notNull(),
    language: text({ enum: KEYWORD_LANGUAGES }).notNull(),
    aliases: jsonb().$type<Array<{ word: string; language: KeywordLanguage }>>().notNull().default([]),
    /** The subscriber attribute the argument sets (district, school), and its allowed values. */
    argAttribute: text(),
    argValues: text().array(),
    doubleOptIn: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.tenantId, t.serviceId), tenantPolicy('keywords')],
).enableRLS();

/**
 * Every word (keyword and aliases, normalised) that answers on a number. The unique index makes a
 * word belong to one keyword per number across all agencies, whatever row-level security hides.
 */
export const keywordWords = pgTable(
  'keyword_words',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantId().references(() => agencies.id, { onDelete: 'cascade' }),
    keywordId: uuid()
      .notNull()
      .references(() => keywords.id, { onDelete: 'cascade' }),
    numberId: uuid()
      .notNull()
      .references(() => inboundNumbers.id, { onDelete: 'cascade' }),
    word: text().notNull(),
    language: text({ enum: KEYWORD_LANGUAGES }).notNull(),
  },
  (t) => [uniqueIndex('keyword_words_number_word_idx').on(t.numberId, t.word), tenantPolicy('keyword_words')],
).enableRLS();
