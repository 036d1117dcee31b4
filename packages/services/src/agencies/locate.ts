import { agencies, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

/** An agency's id by slug (operator tooling, audited): the CLI names agencies by slug. */
export async function locateAgency({
  ctx,
  input,
  actor,
  action,
}: {
  ctx: ServiceContext;
  input: { agencySlug: string };
  actor: Actor;
  action: string;
}): Promise<{ tenantId: string }> {
  return withPlatform(ctx.db, { ...auditActor(actor), action, target: input.agencySlug }, async (tx) => {
    const [agency] = await tx
      .select({ id: agencies.id })
      .from(agencies)
      .where(eq(agencies.slug, input.agencySlug));
    if (!agency) throw new AppError('NOT_FOUND', `No agency "${input.agencySlug}"`);
    return { tenantId: agency.id };
  });
}
