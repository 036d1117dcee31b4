import { broadcasts, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { UUID } from './principal.ts';

/** Which agency owns a broadcast (operator tooling, audited): the CLI names broadcasts by id alone. */
export async function locateBroadcast({
  ctx,
  input,
  actor,
  action,
}: {
  ctx: ServiceContext;
  input: { id: string };
  actor: Actor;
  action: string;
}): Promise<{ tenantId: string }> {
  if (!UUID.test(input.id)) throw new AppError('NOT_FOUND', `No broadcast ${input.id}`);
  return withPlatform(ctx.db, { ...auditActor(actor), action, target: input.id }, async (tx) => {
    const [b] = await tx
      .select({ tenantId: broadcasts.tenantId })
      .from(broadcasts)
      .where(eq(broadcasts.id, input.id));
    if (!b) throw new AppError('NOT_FOUND', `No broadcast ${input.id}`);
    return { tenantId: b.tenantId };
  });
}
