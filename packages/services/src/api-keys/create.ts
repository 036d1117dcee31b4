import { agencies, apiKeys, auditEvents, withPlatform, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { hashSecret, randomToken } from '../auth/secrets.ts';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

export interface CreatedApiKey {
  id: string;
  /** The whole key: shown once, never stored. */
  key: string;
  prefix: string;
  mode: 'live' | 'test';
}

/** Mints an API key for an agency (by slug). The secret is returned once; only its hash is kept. */
export async function createApiKey({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: { agencySlug: string; mode?: 'live' | 'test'; name?: string };
  actor: Actor;
}): Promise<CreatedApiKey> {
  const mode = input.mode ?? 'live';
  const agency = await withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'api_key.create', target: input.agencySlug },
    async (tx) =>
      (await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.slug, input.agencySlug)))[0],
  );
  if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${input.agencySlug}"`);
  const key = `prg_${mode}_${randomToken(32)}`;
  const prefix = key.slice(0, 16);
  const row = await withTenant(ctx.db, agency.id, async (tx) => {
    const [created] = await tx
      .insert(apiKeys)
      .values({ tenantId: agency.id, name: input.name ?? '', prefix, secretHash: hashSecret(key), mode })
      .returning({ id: apiKeys.id });
    await tx.insert(auditEvents).values({
      tenantId: agency.id,
      ...auditActor(actor),
      action: 'api_key.create',
      target: prefix,
    });
    return created;
  });
  if (!row) throw new AppError('INTERNAL', 'API key insert returned nothing');
  return { id: row.id, key, prefix, mode };
}
