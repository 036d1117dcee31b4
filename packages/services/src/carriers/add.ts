import { carriers, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';
import { requireSecrets } from '../secrets/carrier-secrets.ts';
import { carrierName, carrierSettingFields as f } from './settings.ts';

export const addCarrierInput = z.object({
  name: carrierName,
  host: f.host,
  port: f.port,
  systemId: f.systemId,
  password: f.password,
  systemType: f.systemType.default(''),
  bindMode: f.bindMode.default('trx'),
  binds: f.binds.default(1),
  window: f.window.default(10),
  tps: f.tps.default(0),
  idNotation: f.idNotation.default('auto'),
  encoding: f.encoding.default('auto'),
  tls: f.tls.default(false),
  pricePerSegment: f.pricePerSegment.default(0),
  destTon: f.destTon.default(1),
  destNpi: f.destNpi.default(1),
});

export type CarrierRow = typeof carriers.$inferSelect;
/** A carrier as verbs return it: everything but the password. */
export type CarrierSummary = Omit<CarrierRow, 'password'>;

/** Registers a carrier SMSC (password sealed at rest); the gateway binds to it on its next link sync. */
export async function addCarrier({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof addCarrierInput>;
  actor: Actor;
}): Promise<CarrierSummary> {
  const data = addCarrierInput.parse(input);
  const password = requireSecrets(ctx.secrets).seal(data.password);
  try {
    return await withPlatform(
      ctx.db,
      { ...auditActor(actor), action: 'carrier.add', target: data.name },
      async (tx) => {
        const [row] = await tx
          .insert(carriers)
          .values({ ...data, password, pricePerSegment: String(data.pricePerSegment) })
          .returning();
        if (!row) throw new AppError('INTERNAL', 'carrier insert returned nothing');
        const { password: _sealed, ...visible } = row;
        return visible;
      },
    );
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError('CONFLICT', `A carrier named "${data.name}" already exists`);
    throw error;
  }
}
