import { agencies, auditEvents, services, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

export const setEmergencyOverrideInput = z
  .object({
    agencySlug: z.string().min(1),
    serviceSlug: z.string().min(1),
    enabled: z.boolean(),
    /** The law that requires reaching everyone (e.g. "Ley 17/2015 del Sistema Nacional de Protección Civil, art. 7"). */
    basis: z.string().trim().min(10, 'cite the legal basis in at least 10 characters').max(500).optional(),
  })
  .refine((d) => !d.enabled || d.basis !== undefined, {
    message: 'turning the override on needs the legal basis (--basis)',
    path: ['basis'],
  });

/**
 * Lets a city-alerts service's emergency alerts reach numbers on the opt-out ledger, where the law
 * requires warning everyone (civil protection). Platform operators only (the CLI, the platform
 * console); never another service type, never another lane; the legal basis and every change are
 * written to the audit log, and each message sent through the override says so in its history.
 */
export async function setEmergencyOverride({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof setEmergencyOverrideInput>;
  actor: Actor;
}): Promise<{ agency: string; service: string; enabled: boolean; basis: string | null }> {
  const data = setEmergencyOverrideInput.parse(input);
  const target = `${data.agencySlug}/${data.serviceSlug}`;
  const detail = { enabled: data.enabled, basis: data.basis ?? null };
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'service.emergency_override', target, detail },
    async (tx) => {
      const [agency] = await tx.select().from(agencies).where(eq(agencies.slug, data.agencySlug));
      if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`);
      const [service] = await tx
        .select()
        .from(services)
        .where(and(eq(services.tenantId, agency.id), eq(services.slug, data.serviceSlug)));
      if (!service)
        throw new AppError('NOT_FOUND', `Agency "${agency.slug}" has no service "${data.serviceSlug}"`, {
          details: { field: 'serviceSlug' },
        });
      if (data.enabled && service.type !== 'city-alerts')
        throw new AppError(
          'BAD_REQUEST',
          `Only a city-alerts service may reach opted-out numbers; "${service.slug}" is ${service.type}`,
          { details: { field: 'serviceSlug' } },
        );
      await tx
        .update(services)
        .set({
          emergencyOverridesOptOut: data.enabled,
          emergencyOverrideBasis: data.enabled ? (data.basis ?? null) : null,
        })
        .where(eq(services.id, service.id));
      await tx.insert(auditEvents).values({
        tenantId: agency.id,
        ...auditActor(actor),
        action: 'service.emergency_override',
        target,
        detail,
      });
      return {
        agency: agency.slug,
        service: service.slug,
        enabled: data.enabled,
        basis: data.enabled ? (data.basis ?? null) : null,
      };
    },
  );
}
