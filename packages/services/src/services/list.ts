import { services, withTenant } from '@pregon/db';
import { asc } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

export interface ServiceSummary {
  slug: string;
  name: string;
  type: 'health' | 'education' | 'city-alerts' | 'elections' | 'custom';
}

/** The agency's services, by name: what the console offers wherever a service is chosen. */
export async function listServices({
  ctx,
  tenantId,
}: {
  ctx: ServiceContext;
  tenantId: string;
}): Promise<ServiceSummary[]> {
  return withTenant(ctx.db, tenantId, (tx) =>
    tx
      .select({ slug: services.slug, name: services.name, type: services.type })
      .from(services)
      .orderBy(asc(services.name), asc(services.slug)),
  );
}
