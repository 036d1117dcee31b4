import { dailyMessageStats, services, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';

const day = z.iso.date('a day as YYYY-MM-DD');

export const dailyStatsInput = z
  .object({ from: day, to: day, service: z.string().min(1).optional() })
  .refine((v) => v.from <= v.to, { path: ['to'], message: 'must not be before from' })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, {
    path: ['to'],
    message: 'at most 366 days at once',
  });

export interface DailyStatsRow {
  day: string;
  /** The service's slug; null for messages sent without one, or a service since deleted. */
  service: string | null;
  lane: string;
  queued: number;
  delivered: number;
  failed: number;
  expired: number;
  cancelled: number;
  rejected: number;
  unknown: number;
  segments: number;
  /** Decimal string in the carriers' price unit. */
  spend: string;
}

/**
 * The agency's daily statistics between two days (its time zone), per service and lane. They hold no
 * personal data and outlive the retention purge.
 * @example await listDailyStats({ ctx, input: { tenantId, from: '2026-11-01', to: '2026-11-30' } })
 */
export async function listDailyStats({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { tenantId: string } & z.input<typeof dailyStatsInput>;
}): Promise<DailyStatsRow[]> {
  const parsed = dailyStatsInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'input';
    throw new AppError('BAD_REQUEST', `${field}: ${issue?.message ?? 'invalid'}`, { details: { field } });
  }
  const { from, to, service } = parsed.data;
  return withTenant(ctx.db, input.tenantId, async (tx) => {
    let serviceId: string | undefined;
    if (service !== undefined) {
      const [s] = await tx.select({ id: services.id }).from(services).where(eq(services.slug, service));
      if (!s) throw new AppError('NOT_FOUND', `No service "${service}"`, { details: { field: 'service' } });
      serviceId = s.id;
    }
    // A day's counts are spread over stripes (record.ts): added up here.
    const s = dailyMessageStats;
    const total = (column: AnyPgColumn) => sql<number>`sum(${column})::int`;
    const rows = await tx
      .select({
        day: s.day,
        service: services.slug,
        lane: s.lane,
        queued: total(s.queued),
        delivered: total(s.delivered),
        failed: total(s.failed),
        expired: total(s.expired),
        cancelled: total(s.cancelled),
        rejected: total(s.rejected),
        unknown: total(s.unknown),
        segments: sql<number>`sum(${s.segments})::float8`,
        spend: sql<string>`sum(${s.spend})::numeric(16, 5)::text`,
      })
      .from(s)
      .leftJoin(services, eq(services.id, s.serviceId))
      .where(
        and(
          gte(s.day, from),
          lte(s.day, to),
          serviceId === undefined ? undefined : eq(s.serviceId, serviceId),
        ),
      )
      .groupBy(s.day, s.serviceId, services.slug, s.lane)
      .orderBy(asc(s.day), asc(services.slug), asc(s.lane));
    return rows;
  });
}
