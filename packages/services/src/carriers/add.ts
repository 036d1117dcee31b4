import { auditEvents, carriers, routes, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';

export const addCarrierInput = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'letters, digits, - and _'),
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535),
  systemId: z.string().min(1).max(15, 'SMPP 3.4 §5.2.1: system_id is at most 15 characters'),
  password: z.string().max(8, 'SMPP 3.4 §5.2.2: password is at most 8 characters'),
  systemType: z.string().max(12).default(''),
  bindMode: z.enum(['trx', 'tx+rx']).default('trx'),
  binds: z.coerce.number().int().min(1).max(64).default(1),
  window: z.coerce.number().int().min(1).max(1000).default(10),
  tps: z.coerce.number().int().min(0).max(100_000).default(0),
  idNotation: z.enum(['hex', 'dec', 'auto']).default('auto'),
  encoding: z.enum(['auto', 'gsm7', 'gsm7+spanish-shift', 'transliterate', 'ucs2']).default('auto'),
  tls: z.boolean().default(false),
  pricePerSegment: z.coerce.number().min(0).default(0),
});

export type CarrierRow = typeof carriers.$inferSelect;

/** Registers a carrier SMSC; the gateway binds to it on its next link sync. */
export async function addCarrier({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof addCarrierInput>;
  actor: Actor;
}): Promise<Omit<CarrierRow, 'password'>> {
  const data = addCarrierInput.parse(input);
  try {
    return await withPlatform(
      ctx.db,
      { ...auditActor(actor), action: 'carrier.add', target: data.name },
      async (tx) => {
        const [row] = await tx
          .insert(carriers)
          .values({ ...data, pricePerSegment: String(data.pricePerSegment) })
          .returning();
        if (!row) throw new AppError('INTERNAL', 'carrier insert returned nothing');
        const { password: _secret, ...visible } = row;
        return visible;
      },
    );
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError('CONFLICT', `A carrier named "${data.name}" already exists`);
    throw error;
  }
}

export const addRouteInput = z.object({
  prefix: z.string().regex(/^\+\d{0,15}$/, 'must be + followed by digits, e.g. +34'),
  carrier: z.string().min(1),
  priority: z.coerce.number().int().min(1).max(1000).default(1),
});

/** Routes destinations starting with `prefix` to a carrier; lower priority numbers are tried first. */
export async function addRoute({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: { prefix: string; carrier: string; priority?: number };
  actor: Actor;
}): Promise<{ id: string; prefix: string; carrier: string; priority: number }> {
  if (!/^\+\d{0,15}$/.test(input.prefix))
    throw new AppError('BAD_REQUEST', 'prefix must be + followed by digits, e.g. +34');
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'route.add', target: input.prefix },
    async (tx) => {
      const [carrier] = await tx
        .select({ id: carriers.id })
        .from(carriers)
        .where(eq(carriers.name, input.carrier));
      if (!carrier) throw new AppError('NOT_FOUND', `No carrier named "${input.carrier}"`);
      const priority = input.priority ?? 1;
      const [row] = await tx
        .insert(routes)
        .values({ prefix: input.prefix, carrierId: carrier.id, priority })
        .onConflictDoUpdate({ target: [routes.prefix, routes.carrierId, routes.agencyId], set: { priority } })
        .returning({ id: routes.id });
      await tx
        .insert(auditEvents)
        .values({ tenantId: null, ...auditActor(actor), action: 'route.add', target: input.prefix });
      if (!row) throw new AppError('INTERNAL', 'route insert returned nothing');
      return { id: row.id, prefix: input.prefix, carrier: input.carrier, priority };
    },
  );
}
