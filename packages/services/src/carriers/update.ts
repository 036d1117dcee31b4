import { carriers, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { isSealed, requireSecrets } from '../secrets/carrier-secrets.ts';
import type { CarrierSummary } from './add.ts';
import { carrierName, carrierSettingFields } from './settings.ts';

export const updateCarrierInput = z.object(carrierSettingFields).partial().extend({ name: carrierName });

/**
 * Changes the named settings of a carrier and leaves the rest. The password is sealed whatever it
 * is: a new one, or a legacy plaintext row being touched for the first time. Gateways pick the
 * change up on their next link sync.
 */
export async function updateCarrier({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof updateCarrierInput>;
  actor: Actor;
}): Promise<CarrierSummary> {
  const { name, password, pricePerSegment, ...changes } = updateCarrierInput.parse(input);
  const secrets = requireSecrets(ctx.secrets);
  const changed = Object.keys(changes).concat(
    password === undefined ? [] : ['password'],
    pricePerSegment === undefined ? [] : ['pricePerSegment'],
  );
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'carrier.update', target: name, detail: { changed } },
    async (tx) => {
      const [current] = await tx
        .select({ password: carriers.password })
        .from(carriers)
        .where(eq(carriers.name, name))
        .for('update');
      if (!current) throw new AppError('NOT_FOUND', `No carrier named "${name}"`);
      const sealed =
        password !== undefined
          ? secrets.seal(password)
          : isSealed(current.password)
            ? current.password
            : secrets.seal(current.password);
      const [row] = await tx
        .update(carriers)
        .set({
          ...changes,
          password: sealed,
          ...(pricePerSegment === undefined ? {} : { pricePerSegment: String(pricePerSegment) }),
        })
        .where(eq(carriers.name, name))
        .returning();
      if (!row) throw new AppError('INTERNAL', 'carrier update returned nothing');
      const { password: _sealed, ...visible } = row;
      return visible;
    },
  );
}

/** Takes a carrier out of service (routing skips it from the next prepared message) or back into it. */
export async function setCarrierEnabled({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: { name: string; enabled: boolean };
  actor: Actor;
}): Promise<{ name: string; enabled: boolean }> {
  return withPlatform(
    ctx.db,
    {
      ...auditActor(actor),
      action: input.enabled ? 'carrier.enable' : 'carrier.disable',
      target: input.name,
    },
    async (tx) => {
      const [row] = await tx
        .update(carriers)
        .set({ enabled: input.enabled })
        .where(eq(carriers.name, input.name))
        .returning({ name: carriers.name, enabled: carriers.enabled });
      if (!row) throw new AppError('NOT_FOUND', `No carrier named "${input.name}"`);
      return row;
    },
  );
}
