import { apiKeys, auditEvents, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq, isNull } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

/** Revokes a key by its visible prefix (operator tooling: crosses tenants, audited). */
export async function revokeApiKey({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: { prefix: string };
  actor: Actor;
}): Promise<{ prefix: string; tenantId: string }> {
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'api_key.revoke', target: input.prefix },
    async (tx) => {
      const [row] = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.prefix, input.prefix), isNull(apiKeys.revokedAt)))
        .returning({ tenantId: apiKeys.tenantId });
      if (!row) throw new AppError('NOT_FOUND', `No active API key with prefix "${input.prefix}"`);
      await tx.insert(auditEvents).values({
        tenantId: row.tenantId,
        ...auditActor(actor),
        action: 'api_key.revoke',
        target: input.prefix,
      });
      return { prefix: input.prefix, tenantId: row.tenantId };
    },
  );
}
