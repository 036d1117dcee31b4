import { agencies, carriers, routes, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

export const addRouteInput = z.object({
  prefix: z.string().regex(/^\+\d{0,15}$/, 'must be + followed by digits, e.g. +34'),
  carrier: z.string().min(1),
  priority: z.coerce.number().int().min(1).max(1000).default(1),
  /** Set: a route for that agency only, tried before the platform's routes. */
  agencySlug: z.string().min(1).optional(),
});

export interface RouteSummary {
  id: string;
  prefix: string;
  carrier: string;
  priority: number;
  agency: string | null;
}

/**
 * Routes destinations starting with `prefix` to a carrier; lower priority numbers are tried first.
 * Re-adding the same prefix and carrier (for the same agency, or platform-wide) updates the priority.
 */
export async function addRoute({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof addRouteInput>;
  actor: Actor;
}): Promise<RouteSummary> {
  const parsed = addRouteInput.safeParse(input);
  if (!parsed.success)
    throw new AppError(
      'BAD_REQUEST',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const data = parsed.data;
  const agency = data.agencySlug ?? null;
  return withPlatform(
    ctx.db,
    {
      ...auditActor(actor),
      action: 'route.add',
      target: data.prefix,
      detail: { carrier: data.carrier, agency },
    },
    async (tx) => {
      const [carrier] = await tx
        .select({ id: carriers.id })
        .from(carriers)
        .where(eq(carriers.name, data.carrier));
      if (!carrier) throw new AppError('NOT_FOUND', `No carrier named "${data.carrier}"`);
      let agencyId: string | null = null;
      if (data.agencySlug !== undefined) {
        const [found] = await tx
          .select({ id: agencies.id })
          .from(agencies)
          .where(eq(agencies.slug, data.agencySlug));
        if (!found) throw new AppError('NOT_FOUND', `No agency "${data.agencySlug}"`);
        agencyId = found.id;
      }
      const [row] = await tx
        .insert(routes)
        .values({ prefix: data.prefix, carrierId: carrier.id, priority: data.priority, agencyId })
        .onConflictDoUpdate({
          target: [routes.prefix, routes.carrierId, routes.agencyId],
          set: { priority: data.priority },
        })
        .returning({ id: routes.id });
      if (!row) throw new AppError('INTERNAL', 'route insert returned nothing');
      return { id: row.id, prefix: data.prefix, carrier: data.carrier, priority: data.priority, agency };
    },
  );
}
