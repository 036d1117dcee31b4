import { AppError } from '@pregon/domain';
import { type ApiKeyCache, authenticateApiKey, type ServiceContext } from '@pregon/services';
import type { MiddlewareHandler } from 'hono';
import type { GatewayEnvBindings } from './types.ts';

/** Bearer API-key auth plus a per-key token bucket (429 with Retry-After when empty). */
export function apiKeyAuth(
  services: ServiceContext,
  ratePerSecond: number,
  cache?: ApiKeyCache,
): MiddlewareHandler<GatewayEnvBindings> {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    const principal = await authenticateApiKey({
      ctx: services,
      input: { authorization: c.req.header('authorization') },
      ...(cache ? { cache } : {}),
    });
    const now = Date.now();
    const bucket = buckets.get(principal.keyId) ?? { tokens: ratePerSecond, at: now };
    bucket.tokens = Math.min(ratePerSecond, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    buckets.set(principal.keyId, bucket);
    if (bucket.tokens < 1) {
      const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
      c.header('Retry-After', String(wait));
      throw new AppError(
        'RATE_LIMITED',
        `Too many requests for this API key: at most ${ratePerSecond} a second`,
      );
    }
    bucket.tokens -= 1;
    c.set('principal', principal);
    c.set('log', c.get('log').child({ tenantId: principal.tenantId, apiKeyId: principal.keyId }));
    await next();
  };
}
