import { agencies, services, subscribers, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

export const listSubscribersInput = z.object({
  serviceSlug: z.string().min(1),
  agencySlug: z.string().min(1).optional(),
});

export interface SubscriberView {
  phone: string;
  status: 'active' | 'pending' | 'opted_out';
  language: 'es' | 'ca' | 'en';
  attributes: Record<string, string>;
}

/** A service's subscribers (operator tooling: an audited read across agencies). */
export async function listSubscribers({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof listSubscribersInput>;
  actor: Actor;
}): Promise<{ subscribers: SubscriberView[] }> {
  const data = listSubscribersInput.parse(input);
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'subscribers.list', target: data.serviceSlug },
    async (tx) => {
      const found = await tx
        .select({ id: services.id })
        .from(services)
        .innerJoin(agencies, eq(agencies.id, services.tenantId))
        .where(
          and(
            eq(services.slug, data.serviceSlug),
            ...(data.agencySlug === undefined ? [] : [eq(agencies.slug, data.agencySlug)]),
          ),
        );
      const [service, other] = found;
      if (!service) throw new AppError('NOT_FOUND', `No service "${data.serviceSlug}"`);
      if (other)
        throw new AppError('BAD_REQUEST', `Several agencies have "${data.serviceSlug}": add --agency`);
      const rows = await tx
        .select({
          phone: subscribers.phone,
          status: subscribers.status,
          language: subscribers.language,
          attributes: subscribers.attributes,
        })
        .from(subscribers)
        .where(eq(subscribers.serviceId, service.id))
        .orderBy(asc(subscribers.createdAt), asc(subscribers.phone));
      return { subscribers: rows };
    },
  );
}
