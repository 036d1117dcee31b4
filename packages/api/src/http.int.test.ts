import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from './root.ts';
import {
  contextFromHeaders,
  seedAgency,
  startTestPlatform,
  type TestPlatform,
} from './testing/platform-fixture.ts';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform('api_errors');
});

afterAll(async () => {
  await p?.close();
});

/** One tRPC request through the fetch adapter, as the gateway will serve it. */
async function request(path: string, headers: Record<string, string>, services = p.services) {
  const res = await fetchRequestHandler({
    endpoint: '/trpc',
    req: new Request(`http://pregon.test/trpc/${path}`, { headers }),
    router: appRouter,
    createContext: () => contextFromHeaders(services, headers),
  });
  return {
    status: res.status,
    body: (await res.json()) as { error?: { message: string; data: Record<string, unknown> } },
  };
}

describe('error translation over HTTP', () => {
  it('answers 401 with the service message and no stack', async () => {
    const { status, body } = await request('auth.me', {});
    expect(status).toBe(401);
    expect(body.error?.message).toBe('Log in first');
    expect(body.error?.data).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401, path: 'auth.me' });
    expect(body.error?.data).not.toHaveProperty('stack');
  });

  it('answers 403 for an agency the user does not belong to', async () => {
    const { token } = await seedAgency(p, 'salud');
    const { status, body } = await request('messages.list', {
      authorization: `Bearer ${token}`,
      'x-pregon-agency': 'otra',
    });
    expect(status).toBe(403);
    expect(body.error?.data).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reports a database outage as a bare 500, without internals', async () => {
    const { token } = await seedAgency(p, 'ayuntamiento');
    const broken = await startTestPlatform('api_errors_down');
    await broken.close();
    const { status, body } = await request('auth.me', { authorization: `Bearer ${token}` }, broken.services);
    expect(status).toBe(500);
    expect(body.error?.message).toBe('Internal server error');
    expect(body.error?.data).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      httpStatus: 500,
      path: 'auth.me',
      details: null,
    });
  });
});
