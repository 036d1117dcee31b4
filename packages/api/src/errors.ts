import { type ErrorCode, isAppError } from '@pregon/domain';
import { TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';

type TrpcCode = TRPCError['code'];

/** The tRPC code for each AppError code: the one translation of service errors at this edge. */
export const TRPC_CODE: Record<ErrorCode, TrpcCode> = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

/** What the caller reads when something broke inside: the cause stays on the error for the server log. */
export const INTERNAL_MESSAGE = 'Internal server error';

/**
 * Maps whatever a procedure threw to the error the client sees. AppErrors keep their message
 * (written for callers); validation errors read as prose; anything unexpected becomes a bare INTERNAL.
 */
export function translateError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (isAppError(cause)) {
    const code = TRPC_CODE[cause.code];
    const message = code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_MESSAGE : cause.message;
    return new TRPCError({ code, message, cause });
  }
  if (cause instanceof ZodError) {
    return new TRPCError({ code: 'BAD_REQUEST', message: z.prettifyError(cause), cause });
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE, cause: cause ?? error });
  }
  return error;
}

/** Field details an AppError chose to share (e.g. `{ field: 'to', reason: 'invalid_number' }`). */
export function errorDetails(error: TRPCError): Record<string, unknown> | null {
  return isAppError(error.cause) ? (error.cause.details ?? null) : null;
}
