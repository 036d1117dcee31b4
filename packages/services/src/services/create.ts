import { agencies, auditEvents, services, withPlatform } from '@pregon/db';
import { AppError, SERVICE_TYPES } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';

export const createServiceInput = z.object({
  agencySlug: z.string().min(1),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(120),
  type: z.enum(SERVICE_TYPES),
  /** What HELP answers; a default naming the service and agency when absent. */
  contactText: z.string().trim().min(1).max(300).optional(),
});

/** Adds a service (one use of the platform) to an agency. */
export async function createService({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof createServiceInput>;
  actor: Actor;
}): Promise<{ id: string; agency: string; slug: string; name: string; type: string }> {
  const data = createServiceInput.parse(input);
  try {
    return await withPlatform(
      ctx.db,
      { ...auditActor(actor), action: 'service.create', target: data.slug },
      async (tx) => {
        const [agency] = await tx.select().from(agencies).where(eq(agencies.slug, data.agencySlug));
        if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`);
        const [row] = await tx
          .insert(services)
          .values({
            tenantId: agency.id,
            slug: data.slug,
            name: data.name,
            type: data.type,
            contactText: data.contactText ?? null,
          })
          .returning({ id: services.id });
        if (!row) throw new AppError('INTERNAL', 'service insert returned nothing');
        await tx
          .insert(auditEvents)
          .values({ tenantId: agency.id, ...auditActor(actor), action: 'service.create', target: data.slug });
        return { id: row.id, agency: agency.slug, slug: data.slug, name: data.name, type: data.type };
      },
    );
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError('CONFLICT', `${data.agencySlug} already has a service "${data.slug}"`);
    throw error;
  }
}
