import { agencies, auditEvents, services, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

export const setWebSignupInput = z.object({
  agencySlug: z.string().min(1),
  serviceSlug: z.string().min(1),
  enabled: z.boolean(),
});

/**
 * Opens (or closes) a service to self-signup on the agency's public page (`/signup/<agency>`).
 * Audited: operators run it from the CLI and agency admins from the console (the edge checks the role).
 */
export async function setWebSignup({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof setWebSignupInput>;
  actor: Actor;
}): Promise<{ agency: string; service: string; webSignup: boolean; page: string }> {
  const data = setWebSignupInput.parse(input);
  const target = `${data.agencySlug}/${data.serviceSlug}`;
  const detail = { enabled: data.enabled };
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'service.web_signup', target, detail },
    async (tx) => {
      const [agency] = await tx.select().from(agencies).where(eq(agencies.slug, data.agencySlug));
      if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`);
      const updated = await tx
        .update(services)
        .set({ webSignup: data.enabled })
        .where(and(eq(services.tenantId, agency.id), eq(services.slug, data.serviceSlug)))
        .returning({ id: services.id });
      if (updated.length === 0)
        throw new AppError('NOT_FOUND', `Agency "${agency.slug}" has no service "${data.serviceSlug}"`, {
          details: { field: 'serviceSlug' },
        });
      await tx
        .insert(auditEvents)
        .values({ tenantId: agency.id, ...auditActor(actor), action: 'service.web_signup', target, detail });
      return {
        agency: agency.slug,
        service: data.serviceSlug,
        webSignup: data.enabled,
        page: `/signup/${agency.slug}`,
      };
    },
  );
}
