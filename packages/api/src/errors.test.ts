import { AppError } from '@pregon/domain';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INTERNAL_MESSAGE, translateError } from './errors.ts';

const thrown = (cause: unknown) => new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });

describe('translateError', () => {
  it.each([
    ['BAD_REQUEST', 'BAD_REQUEST'],
    ['UNAUTHORIZED', 'UNAUTHORIZED'],
    ['FORBIDDEN', 'FORBIDDEN'],
    ['NOT_FOUND', 'NOT_FOUND'],
    ['CONFLICT', 'CONFLICT'],
    ['RATE_LIMITED', 'TOO_MANY_REQUESTS'],
    ['UNAVAILABLE', 'SERVICE_UNAVAILABLE'],
  ] as const)('maps AppError %s to %s and keeps its message', (from, to) => {
    const out = translateError(thrown(new AppError(from, 'said to the caller')));
    expect(out).toMatchObject({ code: to, message: 'said to the caller' });
  });

  it('never repeats the message of an INTERNAL AppError, but keeps it as the cause', () => {
    const cause = new AppError('INTERNAL', 'relation "x" at 10.0.0.7 exploded');
    const out = translateError(thrown(cause));
    expect(out).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE });
    expect(out.cause).toBe(cause);
  });

  it('hides unexpected errors', () => {
    const out = translateError(thrown(new Error('password authentication failed for user "pregon"')));
    expect(out).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE });
  });

  it('turns a zod failure inside a verb into BAD_REQUEST prose', () => {
    const parsed = z.object({ slug: z.string().min(2) }).safeParse({ slug: 'x' });
    const out = translateError(thrown(parsed.error));
    expect(out.code).toBe('BAD_REQUEST');
    expect(out.message).toContain('slug');
    expect(out.message).not.toContain('{');
  });

  it('passes tRPC errors that carry no service error through unchanged', () => {
    const error = new TRPCError({ code: 'NOT_FOUND', message: 'No "x" procedure' });
    expect(translateError(error)).toBe(error);
  });
});
