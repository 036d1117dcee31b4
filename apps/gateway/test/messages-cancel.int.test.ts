import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { type PgBossJobQueue, pgBossQueue, type ServiceContext, seedDemo, startBoss } from '@pregon/services';
import type { PgBoss } from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';

let t: TestDatabase;
let boss: PgBoss;
let queue: PgBossJobQueue;
let app: ReturnType<typeof createApp>;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  t = await createTestDatabase('gateway_cancel');
  boss = await startBoss({ connectionString: t.url, max: 2 });
  queue = pgBossQueue(boss);
  await queue.refresh();
  const services: ServiceContext = { db: t.db, queue };
  const demo = await seedDemo({ ctx: services, input: { smscHost: '127.0.0.1', smscPort: 1 } });
  keyA = demo.agencies[0]?.apiKey ?? '';
  keyB = demo.agencies[1]?.apiKey ?? '';
  app = createApp({
    services,
    logger: pino({ level: 'silent' }),
    links: { links: () => [] },
    consoleDir: null,
    apiRatePerSecond: 1000,
  });
});

afterAll(async () => {
  queue?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

const as = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

async function send(body: Record<string, unknown> = {}) {
  const res = await app.request('/v1/messages', {
    method: 'POST',
    headers: as(keyA),
    body: JSON.stringify({ to: '+34600000001', text: 'Cita el martes a las 10:30', ...body }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string; status: string }).id;
}

const cancel = (id: string, key = keyA) =>
  app.request(`/v1/messages/${id}/cancel`, { method: 'POST', headers: as(key) });

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  return body.error;
}

interface View {
  id: string;
  status: string;
  reason: string | null;
  history: Array<{ status: string; reason: string | null }>;
}

describe('POST /v1/messages/{id}/cancel', () => {
  it('cancels an accepted message: 200 with the message view, and GET agrees', async () => {
    const id = await send();
    const res = await cancel(id);
    expect(res.status).toBe(200);
    const view = (await res.json()) as View;
    expect(view).toMatchObject({ id, status: 'cancelled', reason: 'cancelled_by_user' });
    expect(view.history.map((h) => h.status)).toEqual(['accepted', 'cancelled']);
    const got = await app.request(`/v1/messages/${id}`, { headers: as(keyA) });
    expect(((await got.json()) as View).status).toBe('cancelled');
  });

  it('cancels a scheduled message', async () => {
    const id = await send({ sendAt: new Date(Date.now() + 86_400_000).toISOString() });
    const res = await cancel(id);
    expect(res.status).toBe(200);
    expect(((await res.json()) as View).history.map((h) => h.status)).toEqual(['scheduled', 'cancelled']);
  });

  it('is idempotent: cancelling again answers 200 with the same view', async () => {
    const id = await send();
    const first = (await (await cancel(id)).json()) as View;
    const again = await cancel(id);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
  });

  it('answers 409 CONFLICT when the message is already on its way or done', async () => {
    const claimed = await send();
    await t.sql`update messages set status = 'queued', submit_claimed_at = now() where id = ${claimed}`;
    const submitted = await send();
    await t.sql`update messages set status = 'submitted' where id = ${submitted}`;
    for (const [id, pattern] of [
      [claimed, /being submitted/],
      [submitted, /already submitted/],
    ] as const) {
      const res = await cancel(id);
      expect(res.status).toBe(409);
      const error = await errorOf(res);
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toMatch(pattern);
    }
    const [row] = await t.sql<{ status: string }[]>`select status from messages where id = ${submitted}`;
    expect(row?.status).toBe('submitted');
  });

  it("answers 404 for another agency's message, an unknown id and a malformed one", async () => {
    const id = await send();
    for (const [target, key] of [
      [id, keyB],
      ['0f8c3a52-2f59-4b7c-9a53-3f2d8a1c6b10', keyA],
      ['nope', keyA],
    ] as const) {
      const res = await cancel(target, key);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('NOT_FOUND');
    }
    const [row] = await t.sql<{ status: string }[]>`select status from messages where id = ${id}`;
    expect(row?.status).toBe('accepted');
  });

  it('requires an API key', async () => {
    const id = await send();
    const res = await app.request(`/v1/messages/${id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(401);
  });

  it('is described in /v1/openapi.json', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as {
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(doc.paths['/v1/messages/{id}/cancel']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '404', '409']),
    );
  });
});
