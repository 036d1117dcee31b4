import { agencies, services, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

/**
 * Which agency owns a service slug (operator tooling, audited): the CLI names services by slug and
 * adds `--agency` only when several agencies use the same one.
 */
export async function locateService({
  ctx,
  input,
  actor,
  action,
}: {
  ctx: ServiceContext;
  input: { serviceSlug: string; agencySlug?: string | undefined };
  actor: Actor;
  action: string;
}): Promise<{ tenantId: string }> {
  return withPlatform(ctx.db, { ...auditActor(actor), action, target: input.serviceSlug }, async (tx) => {
    const found = await tx
      .select({ tenantId: services.tenantId })
      .from(services)
      .innerJoin(agencies, eq(agencies.id, services.tenantId))
      .where(
        and(
          eq(services.slug, input.serviceSlug),
          ...(input.agencySlug === undefined ? [] : [eq(agencies.slug, input.agencySlug)]),
        ),
      );
    const [service, other] = found;
    if (!service) throw new AppError('NOT_FOUND', `No service "${input.serviceSlug}"`);
    if (other)
      throw new AppError('BAD_REQUEST', `Several agencies have "${input.serviceSlug}": add --agency`);
    return { tenantId: service.tenantId };
  });
}
