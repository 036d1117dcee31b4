import { AppError, HTTP_STATUS, isAppError } from '@pregon/domain';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { GatewayEnvBindings } from './types.ts';

/** The one error shape of the REST API: `{ error: { code, message, requestId } }`. */
export function errorResponse(c: Context<GatewayEnvBindings>, error: AppError) {
  const requestId = c.get('requestId') ?? 'unknown';
  const body: {
    error: { code: string; message: string; requestId: string; details?: Record<string, unknown> };
  } = {
    error: { code: error.code, message: error.message, requestId },
  };
  if (error.details) body.error.details = error.details;
  return c.json(body, HTTP_STATUS[error.code] as ContentfulStatusCode);
}

/** Hono's onError: AppErrors keep their code; anything else is logged and becomes an opaque INTERNAL. */
export function onError(error: Error, c: Context<GatewayEnvBindings>) {
  if (isAppError(error)) return errorResponse(c, error);
  const status = clientErrorStatus(error);
  if (status !== null) {
    // Hono's own validators (e.g. a body that is not JSON) throw an HTTPException with a 4xx status.
    const code = status === 401 ? 'UNAUTHORIZED' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    return errorResponse(c, new AppError(code, error.message || 'Invalid request'));
  }
  c.get('log')?.error({ err: error }, 'unhandled error');
  return errorResponse(
    c,
    new AppError('INTERNAL', 'Something went wrong on our side; the request id helps us find it'),
  );
}

// Matched by shape: @hono/zod-openapi may bring its own copy of hono, so instanceof is unreliable.
function clientErrorStatus(error: Error): number | null {
  const candidate = error as Error & { status?: unknown; getResponse?: unknown };
  if (typeof candidate.getResponse !== 'function' || typeof candidate.status !== 'number') return null;
  return candidate.status >= 400 && candidate.status < 500 ? candidate.status : null;
}
