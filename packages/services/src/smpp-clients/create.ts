import { agencies, auditEvents, smppClients, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';
import { hashPassword } from '../users/create.ts';

export const createSmppClientInput = z.object({
  agencySlug: z.string().min(1),
  // SMPP 3.4 §5.2.1 / §5.2.2: system_id and password are C-octet strings of 16 and 9 octets (NUL included).
  systemId: z
    .string()
    .regex(/^[\x21-\x7e]{1,15}$/, 'SMPP 3.4 §5.2.1: system_id is 1-15 visible ASCII characters'),
  password: z
    .string()
    .regex(/^[\x21-\x7e]{1,8}$/, 'SMPP 3.4 §5.2.2: password is 1-8 visible ASCII characters'),
  maxBinds: z.coerce.number().int().min(1).max(64).default(4),
  tps: z.coerce.number().int().min(0).max(100_000).default(0),
});

export interface SmppClientView {
  id: string;
  systemId: string;
  agency: string;
  maxBinds: number;
  tps: number;
}

/** Gives an agency system credentials to bind to our SMPP listener; the password is kept as argon2id. */
export async function createSmppClient({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof createSmppClientInput>;
  actor: Actor;
}): Promise<SmppClientView> {
  const data = createSmppClientInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await withPlatform(
      ctx.db,
      { ...auditActor(actor), action: 'smpp_client.create', target: data.systemId },
      async (tx) => {
        const [agency] = await tx
          .select({ id: agencies.id, slug: agencies.slug })
          .from(agencies)
          .where(eq(agencies.slug, data.agencySlug));
        if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`);
        const [row] = await tx
          .insert(smppClients)
          .values({
            tenantId: agency.id,
            systemId: data.systemId,
            passwordHash,
            maxBinds: data.maxBinds,
            tps: data.tps,
          })
          .returning({ id: smppClients.id });
        if (!row) throw new AppError('INTERNAL', 'smpp client insert returned nothing');
        await tx.insert(auditEvents).values({
          tenantId: agency.id,
          ...auditActor(actor),
          action: 'smpp_client.create',
          target: data.systemId,
        });
        return {
          id: row.id,
          systemId: data.systemId,
          agency: agency.slug,
          maxBinds: data.maxBinds,
          tps: data.tps,
        };
      },
    );
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError('CONFLICT', `An SMPP client with system_id "${data.systemId}" already exists`);
    throw error;
  }
}
