import {
  auditEvents,
  consents,
  keywords,
  optOuts,
  services,
  subscribers,
  type Tx,
  withTenant,
} from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import {
  DEFAULT_COUNTRIES,
  type DefaultCountry,
  type ImportRowError,
  readSubscriberFile,
} from './import-rows.ts';

export const importSubscribersInput = z.object({
  serviceSlug: z.string().min(1),
  csv: z.string(),
  mode: z.enum(['validate', 'import']),
  /** Reads national numbers (`600123456`) in this country; without it every number needs `+` or `00`. */
  defaultCountry: z.enum(Object.keys(DEFAULT_COUNTRIES) as [DefaultCountry, ...DefaultCountry[]]).optional(),
});

export interface ImportReport {
  mode: 'validate' | 'import';
  /** Data rows in the file (the header not counted). */
  rows: number;
  /** Rows with no error, skipped ones included. */
  valid: number;
  /** Subscribers written (0 when validating, or when any row has an error). */
  imported: number;
  errors: ImportRowError[];
  /** Rows left out on purpose: a phone in the opt-out ledger is never subscribed again by a file. */
  skipped: Array<{ row: number; phone: string; reason: 'opted_out' }>;
}

const CHUNK = 1000;

/**
 * Imports a CSV of subscribers into a service: every row is checked first; with any error nothing
 * is written and the report lists them (row, field, reason). Otherwise all rows are upserted active,
 * with a consent naming the importer, in one transaction. Opted-out phones are skipped.
 */
export async function importSubscribers({
  ctx,
  tenantId,
  input,
  actor,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: z.input<typeof importSubscribersInput>;
  actor: Actor;
}): Promise<ImportReport> {
  const data = importSubscribersInput.parse(input);
  const now = ctx.now?.() ?? new Date();
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [service] = await tx
      .select({ id: services.id })
      .from(services)
      .where(eq(services.slug, data.serviceSlug));
    if (!service) throw new AppError('NOT_FOUND', `No service "${data.serviceSlug}"`);
    const file = readSubscriberFile(data.csv, await keywordArguments(tx, service.id), data.defaultCountry);
    const blocked = await optedOutPhones(
      tx,
      service.id,
      file.candidates.map((c) => c.phone),
    );
    const skipped = file.candidates
      .filter((c) => blocked.has(c.phone))
      .map((c) => ({ row: c.row, phone: c.phone, reason: 'opted_out' as const }));
    const report: ImportReport = {
      mode: data.mode,
      rows: file.rows,
      valid: file.candidates.length,
      imported: 0,
      errors: file.errors,
      skipped,
    };
    if (data.mode === 'validate' || file.errors.length > 0) return report;
    const toWrite = file.candidates.filter((c) => !blocked.has(c.phone));
    const by = `csv import by ${actorLabel(actor)}`;
    for (let i = 0; i < toWrite.length; i += CHUNK) {
      const chunk = toWrite.slice(i, i + CHUNK);
      const written = await tx
        .insert(subscribers)
        .values(
          chunk.map((c) => ({
            tenantId,
            serviceId: service.id,
            phone: c.phone,
            status: 'active' as const,
            language: c.language,
            attributes: c.attributes,
          })),
        )
        .onConflictDoUpdate({
          target: [subscribers.serviceId, subscribers.phone],
          set: {
            status: 'active',
            language: sql`excluded.language`,
            attributes: sql`${subscribers.attributes} || excluded.attributes`,
            pendingUntil: null,
            pendingInboundMessageId: null,
            updatedAt: now,
          },
        })
        .returning({ id: subscribers.id, phone: subscribers.phone, language: subscribers.language });
      const rowOf = new Map(chunk.map((c) => [c.phone, c.row]));
      await tx.insert(consents).values(
        written.map((w) => ({
          tenantId,
          subscriberId: w.id,
          // The schema knows 'sms' and 'web'; an import from the console or CLI is closest to web.
          channel: 'web' as const,
          detail: { source: 'csv_import', note: by, row: rowOf.get(w.phone) ?? null },
          language: w.language,
          at: now,
        })),
      );
    }
    await tx.insert(auditEvents).values({
      tenantId,
      ...auditActor(actor),
      action: 'subscribers.import',
      target: service.id,
      detail: { rows: file.rows, imported: toWrite.length, skipped: skipped.length },
    });
    return { ...report, imported: toWrite.length };
  });
}

function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user ${actor.userId}`;
    case 'api_key':
      return `api key ${actor.keyId}`;
    default:
      return actor.kind;
  }
}

/** Attribute -> allowed values, over every keyword of the service that takes an argument. */
async function keywordArguments(tx: Tx, serviceId: string): Promise<Map<string, string[]>> {
  const rows = await tx
    .select({ attribute: keywords.argAttribute, values: keywords.argValues })
    .from(keywords)
    .where(eq(keywords.serviceId, serviceId));
  const map = new Map<string, string[]>();
  for (const r of rows) {
    if (r.attribute === null) continue;
    map.set(r.attribute, [...new Set([...(map.get(r.attribute) ?? []), ...(r.values ?? [])])]);
  }
  return map;
}

/**
 * Phones an import must not subscribe: an active ledger row for this service or for "all services"
 * (whatever number it was texted to, to err on the side of the citizen), or a subscriber row that
 * is opted out.
 */
async function optedOutPhones(tx: Tx, serviceId: string, phones: readonly string[]): Promise<Set<string>> {
  const blocked = new Set<string>();
  for (let i = 0; i < phones.length; i += CHUNK) {
    const chunk = phones.slice(i, i + CHUNK);
    const ledger = await tx
      .select({ phone: optOuts.phone })
      .from(optOuts)
      .where(
        and(
          inArray(optOuts.phone, chunk),
          isNull(optOuts.revokedAt),
          or(eq(optOuts.serviceId, serviceId), isNull(optOuts.serviceId)),
        ),
      );
    const rows = await tx
      .select({ phone: subscribers.phone })
      .from(subscribers)
      .where(
        and(
          eq(subscribers.serviceId, serviceId),
          inArray(subscribers.phone, chunk),
          eq(subscribers.status, 'opted_out'),
        ),
      );
    for (const r of [...ledger, ...rows]) blocked.add(r.phone);
  }
  return blocked;
}
