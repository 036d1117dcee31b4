import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.ts';

describe('gateway configuration', () => {
  it('applies the documented defaults', () => {
    const env = loadEnv({ DATABASE_URL: 'postgres://u@127.0.0.1/db' });
    expect(env).toMatchObject({
      HTTP_PORT: 3000,
      SMPP_PORT: 2775,
      PREGON_DB_POOL: 8,
      PREGON_QUEUE_NOTIFY: 'true',
    });
    expect(env.PREGON_SECRET_KEY).toBeUndefined();
  });
  it.each([
    [{}, /DATABASE_URL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres/],
    [{ DATABASE_URL: 'postgres://x', HTTP_PORT: 'eighty' }, /HTTP_PORT/],
    [{ DATABASE_URL: 'postgres://x', SMPP_PORT: '70000' }, /SMPP_PORT/],
    [
      { DATABASE_URL: 'postgres://x', PREGON_SECRET_KEY: 'short' },
      /PREGON_SECRET_KEY must be base64 of 32 bytes/,
    ],
    [{ DATABASE_URL: 'postgres://x', LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('refuses %j with an error naming the variable', (source, pattern) => {
    expect(() => loadEnv(source)).toThrow(pattern);
  });
});
