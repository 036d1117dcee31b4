import { agencies, auditEvents, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';

export const createAgencyInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and hyphens, 2-63 characters'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['operator', 'agency']).default('agency'),
  timezone: z.string().default('Europe/Madrid'),
});

export interface Agency {
  id: string;
  slug: string;
  name: string;
  kind: 'operator' | 'agency';
}

/** Creates an agency (a tenant). Platform-level: audited. */
export async function createAgency({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof createAgencyInput>;
  actor: Actor;
}): Promise<Agency> {
  const data = createAgencyInput.parse(input);
  try {
    Intl.DateTimeFormat('en', { timeZone: data.timezone });
  } catch {
    throw new AppError('BAD_REQUEST', `Unknown time zone "${data.timezone}"`);
  }
  try {
    return await withPlatform(
      ctx.db,
      { ...auditActor(actor), action: 'agency.create', target: data.slug },
      async (tx) => {
        const [row] = await tx
          .insert(agencies)
          .values(data)
          .returning({ id: agencies.id, slug: agencies.slug, name: agencies.name, kind: agencies.kind });
        if (!row) throw new AppError('INTERNAL', 'agency insert returned nothing');
        await tx
          .insert(auditEvents)
          .values({ tenantId: row.id, ...auditActor(actor), action: 'agency.create', target: row.slug });
        return row;
      },
    );
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError('CONFLICT', `An agency with slug "${data.slug}" already exists`);
    throw error;
  }
}
