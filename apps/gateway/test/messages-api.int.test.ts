import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  createAgency,
  createApiKey,
  type PgBossJobQueue,
  pgBossQueue,
  revokeApiKey,
  type ServiceContext,
  seedDemo,
  startBoss,
} from '@pregon/services';
import type { PgBoss } from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';

const appWithRate = (services: ServiceContext, apiRatePerSecond: number) =>
  createApp({
    services,
    logger: pino({ level: 'silent' }),
    links: { links: () => [] },
    consoleDir: null,
    apiRatePerSecond,
  });

let t: TestDatabase;
let boss: PgBoss;
let queue: PgBossJobQueue;
let app: ReturnType<typeof createApp>;
let keyA: string;
let keyB: string;
let keyAlerts: string;
let revoked: string;

beforeAll(async () => {
  t = await createTestDatabase('gateway_api');
  boss = await startBoss({ connectionString: t.url, max: 2 });
  queue = pgBossQueue(boss);
  await queue.refresh();
  const services: ServiceContext = { db: t.db, queue };
  const demo = await seedDemo({ ctx: services, input: { smscHost: '127.0.0.1', smscPort: 1 } });
  keyA = demo.agencies[0]?.apiKey ?? '';
  keyB = demo.agencies[1]?.apiKey ?? '';
  keyAlerts = demo.agencies.find((a) => a.slug === 'ajuntament-alzira')?.apiKey ?? '';
  await createAgency({
    ctx: services,
    input: { slug: 'revoked-co', name: 'Revoked' },
    actor: { kind: 'cli' },
  });
  const r = await createApiKey({
    ctx: services,
    input: { agencySlug: 'revoked-co' },
    actor: { kind: 'cli' },
  });
  await revokeApiKey({ ctx: services, input: { prefix: r.prefix }, actor: { kind: 'cli' } });
  revoked = r.key;
  app = appWithRate(services, 1000);
});

afterAll(async () => {
  queue?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  app.request('/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  return body.error;
}

describe('POST /v1/messages authentication', () => {
  it('refuses a request without a key', async () => {
    const res = await post({ to: '+34600000001', text: 'x' });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/Missing Authorization/);
  });
  it('refuses an unknown key', async () => {
    const res = await post(
      { to: '+34600000001', text: 'x' },
      { authorization: 'Bearer prg_live_doesnotexist' },
    );
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('UNAUTHORIZED');
  });
  it('refuses a revoked key', async () => {
    const res = await post({ to: '+34600000001', text: 'x' }, { authorization: `Bearer ${revoked}` });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/revoked/);
  });
  it('refuses a malformed Authorization header', async () => {
    const res = await post({ to: '+34600000001', text: 'x' }, { authorization: `Token ${keyA}` });
    expect(res.status).toBe(401);
  });
});

describe('POST /v1/messages validation', () => {
  const auth = () => ({ authorization: `Bearer ${keyA}` });
  it.each([
    [{ to: '600000001', text: 'hola' }, /E\.164/],
    [{ to: '+34123', text: 'hola' }, /E\.164|valid/],
    [{ to: '+34600000001', text: '' }, /text/],
    [{ to: '+34600000001' }, /text/],
    [{ to: '+34600000001', text: 'hola', sendAt: 'mañana' }, /sendAt/],
    [{ to: '+34600000001', text: 'hola', validUntil: '2001-01-01T00:00:00Z' }, /validUntil/],
    [{ to: '+34600000001', text: 'hola', from: 'NOT-OURS' }, /from/],
    [{ to: '+34600000001', text: 'hola', service: 'nope' }, /service/],
    [{ to: '+34600000001', text: 'hola', lane: 'election' }, /lane/],
    [{ to: '+34600000001', text: 'hola', service: 'citas', lane: 'emergency' }, /lane/],
  ])('rejects %j with a clear 400', async (body, pattern) => {
    const res = await post(body, auth());
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(pattern);
  });
  it('rejects a body that is not JSON', async () => {
    const res = await post('{"to":', auth());
    expect(res.status).toBe(400);
  });
  it('stores nothing for rejected requests', async () => {
    const rows =
      await t.sql`select count(*)::int as n from messages where to_phone = '+34600000001' and body = 'hola'`;
    expect(rows[0]?.n).toBe(0);
  });
});

describe('POST /v1/messages lanes', () => {
  const laneOf = async (id: string) => {
    const rows = await t.sql`select m.lane, j.priority from messages m
      join pgboss.job j on j.name = 'message.prepare' and j.data->'messageIds' ? m.id::text
      where m.id = ${id}`;
    return rows[0];
  };
  const send = async (key: string, body: object) => {
    const res = await post(
      { to: '+34600000077', text: 'Aviso', ...body },
      { authorization: `Bearer ${key}` },
    );
    return { status: res.status, body: (await res.json()) as { id: string } };
  };

  it('puts a city-alerts message asked as emergency in the emergency lane, at its priority', async () => {
    const res = await send(keyAlerts, { service: 'alertas', lane: 'emergency' });
    expect(res.status).toBe(202);
    expect(await laneOf(res.body.id)).toEqual({ lane: 'emergency', priority: 30 });
  });

  it('derives transactional by default, even for city alerts, and lets an agency step down to bulk', async () => {
    const alert = await send(keyAlerts, { service: 'alertas' });
    expect(await laneOf(alert.body.id)).toEqual({ lane: 'transactional', priority: 10 });
    const bulk = await send(keyA, { service: 'citas', lane: 'bulk' });
    expect(bulk.status).toBe(202);
    expect(await laneOf(bulk.body.id)).toEqual({ lane: 'bulk', priority: 0 });
  });

  it('refuses emergency without a city-alerts service, and stores nothing', async () => {
    const res = await send(keyAlerts, { lane: 'emergency', text: 'sin servicio' });
    expect(res.status).toBe(400);
    const rows = await t.sql`select count(*)::int as n from messages where body = 'sin servicio'`;
    expect(rows[0]?.n).toBe(0);
  });
});

describe('idempotency and tenancy', () => {
  it('returns the first answer for a repeated Idempotency-Key and 409 for a different body', async () => {
    const headers = { authorization: `Bearer ${keyA}`, 'idempotency-key': 'cita-42' };
    const first = await post({ to: '+34600000011', text: 'Cita 42' }, headers);
    expect(first.status).toBe(202);
    const a = (await first.json()) as { id: string; status: string };
    const again = await post({ to: '+34600000011', text: 'Cita 42' }, headers);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(a.id);
    const other = await post({ to: '+34600000011', text: 'Cita 43' }, headers);
    expect(other.status).toBe(409);
    const rows = await t.sql`select count(*)::int as n from messages where to_phone = '+34600000011'`;
    expect(rows[0]?.n).toBe(1);
  });

  it('answers 404 for another agency message, never its content', async () => {
    const sent = await post({ to: '+34600000012', text: 'Privado' }, { authorization: `Bearer ${keyA}` });
    const { id } = (await sent.json()) as { id: string };
    const own = await app.request(`/v1/messages/${id}`, { headers: { authorization: `Bearer ${keyA}` } });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { history: unknown[] }).history).toHaveLength(1);
    const other = await app.request(`/v1/messages/${id}`, { headers: { authorization: `Bearer ${keyB}` } });
    expect(other.status).toBe(404);
    expect(JSON.stringify(await other.json())).not.toContain('Privado');
    const junk = await app.request('/v1/messages/not-a-uuid', {
      headers: { authorization: `Bearer ${keyA}` },
    });
    expect(junk.status).toBe(404);
  });

  it('rate-limits a key with 429 and Retry-After', async () => {
    const slow = appWithRate({ db: t.db, queue }, 3);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const res = await slow.request('/v1/messages/00000000-0000-4000-8000-000000000000', {
        headers: { authorization: `Bearer ${keyB}` },
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});

describe('documentation', () => {
  it('serves an OpenAPI 3.1 document generated from the routes', async () => {
    const res = await app.request('/v1/openapi.json');
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/messages', '/v1/messages/{id}']));
    expect(doc.paths['/v1/messages']?.post).toBeDefined();
  });
  it('serves a reference page at /docs', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('POST /v1/messages');
  });
  it('answers health checks', async () => {
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(((await ready.json()) as { database: string }).database).toBe('ok');
  });
});
