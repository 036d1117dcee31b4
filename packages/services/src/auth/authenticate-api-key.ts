import { apiKeys, withNoTenant, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import type { ApiKeyCache } from './api-key-cache.ts';
import { hashSecret } from './secrets.ts';

export interface ApiKeyPrincipal {
  keyId: string;
  tenantId: string;
  mode: 'live' | 'test';
}

/** Resolves `Authorization: Bearer <key>` to its agency; missing, unknown and revoked keys are UNAUTHORIZED. */
export async function authenticateApiKey({
  ctx,
  input,
  cache,
}: {
  ctx: ServiceContext;
  input: { authorization: string | undefined };
  /** Optional: skips the database for a key resolved in the last few seconds. */
  cache?: ApiKeyCache;
}): Promise<ApiKeyPrincipal> {
  const header = input.authorization?.trim();
  if (!header)
    throw new AppError(
      'UNAUTHORIZED',
      'Missing Authorization header: send "Authorization: Bearer <api key>"',
    );
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('UNAUTHORIZED', 'Authorization header must be "Bearer <api key>"');
  const hash = hashSecret(match[1]);
  const cached = cache?.get(hash);
  if (cached) return cached;
  const rows = await withNoTenant(ctx.db, (tx) =>
    tx.execute<{ id: string; tenant_id: string; mode: 'live' | 'test'; revoked: boolean }>(
      sql`select * from pregon_resolve_api_key(${hash})`,
    ),
  );
  const key = rows[0];
  if (!key) throw new AppError('UNAUTHORIZED', 'Unknown API key');
  if (key.revoked) throw new AppError('UNAUTHORIZED', 'This API key has been revoked');
  await withTenant(ctx.db, key.tenant_id, (tx) =>
    tx.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, key.id)),
  );
  const principal: ApiKeyPrincipal = { keyId: key.id, tenantId: key.tenant_id, mode: key.mode };
  cache?.set(hash, principal);
  return principal;
}
