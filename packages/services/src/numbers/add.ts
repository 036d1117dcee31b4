import { agencies, auditEvents, inboundNumbers, senders, services, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { numberKey } from '../keywords/number-context.ts';

export const addInboundNumberInput = z.object({
  agencySlug: z.string().min(1),
  number: z
    .string()
    .trim()
    .regex(/^(\+[1-9]\d{6,14}|\d{3,8})$/, 'a short code (3-8 digits) or an E.164 number (+34911000000)'),
  serviceSlug: z.string().min(1).optional(),
});

export interface InboundNumberView {
  number: string;
  agency: string;
  service: string | null;
  shared: boolean;
}

/**
 * Gives an agency a number citizens text and replies go out from: dedicated to one of its services
 * (`serviceSlug`), or shared with other agencies (each then owning its keywords there).
 */
export async function addInboundNumber({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof addInboundNumberInput>;
  actor: Actor;
}): Promise<InboundNumberView> {
  const data = addInboundNumberInput.parse(input);
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'number.add', target: data.number },
    async (tx) => {
      const [agency] = await tx.select().from(agencies).where(eq(agencies.slug, data.agencySlug));
      if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`);
      let serviceId: string | null = null;
      if (data.serviceSlug !== undefined) {
        const [svc] = await tx
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.tenantId, agency.id), eq(services.slug, data.serviceSlug)));
        if (!svc) throw new AppError('NOT_FOUND', `No service "${data.serviceSlug}" in ${data.agencySlug}`);
        serviceId = svc.id;
      }
      const key = numberKey(data.number);
      const [existing] = await tx.select().from(inboundNumbers).where(eq(inboundNumbers.number, key));
      if (existing) {
        const sameDedication =
          existing.dedicatedServiceId === serviceId &&
          (serviceId === null || existing.dedicatedTenantId === agency.id);
        if (!sameDedication)
          throw new AppError(
            'CONFLICT',
            existing.dedicatedServiceId === null
              ? `${data.number} is a shared number: add it without --service`
              : `${data.number} is dedicated to another service`,
          );
      } else {
        await tx.insert(inboundNumbers).values({
          number: key,
          sender: data.number,
          dedicatedTenantId: serviceId === null ? null : agency.id,
          dedicatedServiceId: serviceId,
        });
      }
      await tx
        .insert(senders)
        .values({
          tenantId: agency.id,
          serviceId,
          kind: data.number.startsWith('+') ? 'long_number' : 'short_code',
          value: existing?.sender ?? data.number,
        })
        .onConflictDoNothing();
      await tx.insert(auditEvents).values({
        tenantId: agency.id,
        ...auditActor(actor),
        action: 'number.add',
        target: data.number,
      });
      return {
        number: existing?.sender ?? data.number,
        agency: agency.slug,
        service: data.serviceSlug ?? null,
        shared: serviceId === null,
      };
    },
  );
}
