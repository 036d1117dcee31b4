import { agencies, agencyQuotas, type Tx, withPlatform, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { type QuotaSetting, settingOf } from './set.ts';
import { spendText } from './spend.ts';
import { periodOf, QUOTAS, type QuotaName, readQuotaUsage } from './usage.ts';

export interface QuotaState {
  quota: QuotaName;
  /** First day of the period ('YYYY-MM-DD', the agency's time zone). */
  period: string;
  /** Messages, or an amount as a decimal string for monthly_spend. */
  used: number | string;
  warn: number | string | null;
  block: number | string | null;
  /** The warn level was crossed in this period (the agency was told once). */
  warned: boolean;
}

export interface QuotaStatus {
  agency: string;
  timezone: string;
  quotas: QuotaState[];
}

const KEYS: Record<QuotaName, keyof Omit<QuotaSetting, 'agency'>> = {
  daily_messages: 'dailyMessages',
  monthly_messages: 'monthlyMessages',
  monthly_spend: 'monthlySpend',
};

async function statusIn(tx: Tx, tenantId: string, slug: string, now: Date): Promise<QuotaStatus> {
  const [row] = await tx.select().from(agencyQuotas).where(eq(agencyQuotas.tenantId, tenantId));
  const setting = settingOf(slug, row);
  const usage = await readQuotaUsage(tx, tenantId, now);
  const used: Record<QuotaName, number | string> = {
    daily_messages: usage.dailyMessages,
    monthly_messages: usage.monthlyMessages,
    monthly_spend: spendText(usage.monthlySpend),
  };
  return {
    agency: slug,
    timezone: usage.timezone,
    quotas: QUOTAS.map((quota) => ({
      quota,
      period: periodOf(quota, usage),
      used: used[quota],
      ...setting[KEYS[quota]],
      warned: usage.warned.has(quota),
    })),
  };
}

/**
 * An agency's quotas as it sees them: used in the current day and month, levels, warned or not.
 * @example await getQuotaStatus({ ctx, input: { tenantId } })
 */
export async function getQuotaStatus({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { tenantId: string };
}): Promise<QuotaStatus> {
  const now = ctx.now?.() ?? new Date();
  return withTenant(ctx.db, input.tenantId, async (tx) => {
    const [agency] = await tx
      .select({ slug: agencies.slug })
      .from(agencies)
      .where(eq(agencies.id, input.tenantId));
    if (!agency) throw new AppError('NOT_FOUND', 'No such agency');
    return statusIn(tx, input.tenantId, agency.slug, now);
  });
}

/** The same for any agency by slug, for operators (CLI, platform admins); audited. */
export async function getAgencyQuotaStatus({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: { agencySlug: string };
  actor: Actor;
}): Promise<QuotaStatus> {
  const now = ctx.now?.() ?? new Date();
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'agency.quotas.read', target: input.agencySlug },
    async (tx) => {
      const [agency] = await tx
        .select({ id: agencies.id })
        .from(agencies)
        .where(eq(agencies.slug, input.agencySlug));
      if (!agency)
        throw new AppError('NOT_FOUND', `No agency with slug "${input.agencySlug}"`, {
          details: { field: 'agencySlug' },
        });
      return statusIn(tx, agency.id, input.agencySlug, now);
    },
  );
}
