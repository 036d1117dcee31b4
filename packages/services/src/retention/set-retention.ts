import { agencies, auditEvents, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

/** Message bodies and phone numbers are kept between 3 and 90 days (issue #4); 7 by default. */
export const RETENTION_DAYS = { min: 3, max: 90, default: 7 } as const;

export const setRetentionInput = z.object({
  agencySlug: z.string().min(1),
  days: z
    .number()
    .int('whole days')
    .min(RETENTION_DAYS.min, `at least ${RETENTION_DAYS.min} days`)
    .max(RETENTION_DAYS.max, `at most ${RETENTION_DAYS.max} days`),
});

/**
 * Sets how long an agency's personal data (message bodies, phone numbers) is kept. Platform-level:
 * audited, and recorded in the agency's own audit trail too.
 * @example await setRetention({ ctx, input: { agencySlug: 'salud', days: 30 }, actor: { kind: 'cli' } })
 */
export async function setRetention({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof setRetentionInput>;
  actor: Actor;
}): Promise<{ agencySlug: string; days: number; previousDays: number }> {
  const parsed = setRetentionInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('BAD_REQUEST', `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  const { agencySlug, days } = parsed.data;
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'agency.retention', target: agencySlug, detail: { days } },
    async (tx) => {
      const [before] = await tx
        .select({ id: agencies.id, days: agencies.retentionDays })
        .from(agencies)
        .where(eq(agencies.slug, agencySlug))
        .for('update');
      if (!before) throw new AppError('NOT_FOUND', `No agency with slug "${agencySlug}"`);
      await tx.update(agencies).set({ retentionDays: days }).where(eq(agencies.id, before.id));
      await tx.insert(auditEvents).values({
        tenantId: before.id,
        ...auditActor(actor),
        action: 'agency.retention',
        target: agencySlug,
        detail: { days, previousDays: before.days },
      });
      return { agencySlug, days, previousDays: before.days };
    },
  );
}
