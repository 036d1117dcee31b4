import { agencies, agencyQuotas, auditEvents, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { spendText, spendUnits } from './spend.ts';
import type { QuotaName } from './usage.ts';

const count = z.number().int('a whole number of messages').min(0).nullable();
const money = z
  .union([z.number(), z.string()])
  .transform((v, issue) => {
    const text = String(v).trim();
    if (!/^\d{1,11}(\.\d{1,5})?$/.test(text)) {
      issue.addIssue({ code: 'custom', message: 'an amount like 250 or 12.50 (up to 5 decimals)' });
      return z.NEVER;
    }
    return spendText(spendUnits(text));
  })
  .nullable();

const levels = <T extends z.ZodType>(level: T) => z.object({ warn: level, block: level }).partial().strict();

export const setQuotasInput = z.object({
  agencySlug: z.string().min(1),
  dailyMessages: levels(count).optional(),
  monthlyMessages: levels(count).optional(),
  monthlySpend: levels(money).optional(),
});

export interface QuotaSetting {
  agency: string;
  dailyMessages: { warn: number | null; block: number | null };
  monthlyMessages: { warn: number | null; block: number | null };
  /** Amounts as decimal strings ('250.00000'), in the carriers' price unit. */
  monthlySpend: { warn: string | null; block: string | null };
}

const FIELDS = {
  dailyMessages: ['dailyMessagesWarn', 'dailyMessagesBlock', 'daily_messages'],
  monthlyMessages: ['monthlyMessagesWarn', 'monthlyMessagesBlock', 'monthly_messages'],
  monthlySpend: ['monthlySpendWarn', 'monthlySpendBlock', 'monthly_spend'],
} as const satisfies Record<string, readonly [string, string, QuotaName]>;

/**
 * Sets an agency's quotas (platform admins and operators; audited, also in the agency's own trail).
 * Only the levels given change; null removes a level. A warn level above its block level is refused.
 * @example await setQuotas({ ctx, input: { agencySlug: 'salud', dailyMessages: { warn: 8000, block: 10000 } }, actor })
 */
export async function setQuotas({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof setQuotasInput>;
  actor: Actor;
}): Promise<QuotaSetting> {
  const parsed = setQuotasInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'input';
    throw new AppError('BAD_REQUEST', `${field}: ${issue?.message ?? 'invalid'}`, { details: { field } });
  }
  const data = parsed.data;
  const change: Record<string, number | string | null> = {};
  for (const [key, [warnCol, blockCol]] of Object.entries(FIELDS)) {
    const given = data[key as keyof typeof FIELDS];
    if (!given) continue;
    if (given.warn !== undefined) change[warnCol] = given.warn;
    if (given.block !== undefined) change[blockCol] = given.block;
  }
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'agency.quotas', target: data.agencySlug, detail: change },
    async (tx) => {
      const [agency] = await tx
        .select({ id: agencies.id })
        .from(agencies)
        .where(eq(agencies.slug, data.agencySlug));
      if (!agency)
        throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`, {
          details: { field: 'agencySlug' },
        });
      const [row] = await tx
        .insert(agencyQuotas)
        .values({ tenantId: agency.id, ...change })
        .onConflictDoUpdate({ target: agencyQuotas.tenantId, set: { ...change, updatedAt: new Date() } })
        .returning();
      if (!row) throw new AppError('INTERNAL', 'the quota row was not written');
      const setting = settingOf(data.agencySlug, row);
      for (const [key, [, , quota]] of Object.entries(FIELDS)) {
        const { warn, block } = setting[key as keyof typeof FIELDS];
        if (warn !== null && block !== null && Number(warn) > Number(block))
          throw new AppError(
            'BAD_REQUEST',
            `${quota}: the warn level (${warn}) is above the block level (${block})`,
            {
              details: { field: `${key}.warn` },
            },
          );
      }
      await tx.insert(auditEvents).values({
        tenantId: agency.id,
        ...auditActor(actor),
        action: 'agency.quotas',
        target: data.agencySlug,
        detail: change,
      });
      return setting;
    },
  );
}

/** The stored row as the API shows it. */
export function settingOf(agency: string, row: typeof agencyQuotas.$inferSelect | undefined): QuotaSetting {
  return {
    agency,
    dailyMessages: { warn: row?.dailyMessagesWarn ?? null, block: row?.dailyMessagesBlock ?? null },
    monthlyMessages: { warn: row?.monthlyMessagesWarn ?? null, block: row?.monthlyMessagesBlock ?? null },
    monthlySpend: { warn: row?.monthlySpendWarn ?? null, block: row?.monthlySpendBlock ?? null },
  };
}
