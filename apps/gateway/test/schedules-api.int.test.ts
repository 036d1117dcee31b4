import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, startDemoApp } from './demo-app.ts';

let demo: DemoApp;
let t: DemoApp['t'];
let app: DemoApp['app'];
let keyA = '';
let keyB = '';

beforeAll(async () => {
  demo = await startDemoApp('gateway_schedules');
  ({ t, app, keyA, keyB } = demo);
});
afterAll(async () => {
  await demo?.stop();
});

const call: DemoApp['call'] = (...args) => demo.call(...args);

interface ScheduleBody {
  id: string;
  name: string;
  timezone: string;
  enabled: boolean;
  nextRunAt: string | null;
  nextRuns?: string[];
}

describe('/v1/schedules', () => {
  it('creates, lists, shows the next five runs, disables, re-enables and deletes', async () => {
    const created = await call('POST', '/v1/schedules', keyA, {
      name: 'recogida',
      cron: '0 19 * * 1',
      message: { to: '+34600000001', text: 'Mañana pasa la recogida de enseres', validFor: 'PT3H' },
    });
    expect(created.status).toBe(201);
    const s = (await created.json()) as ScheduleBody;
    expect(s).toMatchObject({ name: 'recogida', timezone: 'Europe/Madrid', enabled: true });

    const list = (await (await call('GET', '/v1/schedules', keyA)).json()) as { schedules: ScheduleBody[] };
    expect(list.schedules.map((x) => x.id)).toEqual([s.id]);

    const one = (await (await call('GET', `/v1/schedules/${s.id}`, keyA)).json()) as ScheduleBody;
    expect(one.nextRuns).toHaveLength(5);
    expect(one.nextRuns?.[0]).toBe(s.nextRunAt);
    // Mondays at 19:00 in Madrid: 17:00 or 18:00 UTC depending on DST, a week apart.
    for (const run of one.nextRuns ?? []) {
      expect(new Date(run).getUTCDay()).toBe(1);
      expect([17, 18]).toContain(new Date(run).getUTCHours());
    }

    const off = await call('PATCH', `/v1/schedules/${s.id}`, keyA, { enabled: false });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ enabled: false, nextRunAt: null });
    const on = (await (
      await call('PATCH', `/v1/schedules/${s.id}`, keyA, { enabled: true })
    ).json()) as ScheduleBody;
    expect(on.nextRunAt).not.toBeNull();

    expect((await call('DELETE', `/v1/schedules/${s.id}`, keyA)).status).toBe(204);
    expect((await call('GET', `/v1/schedules/${s.id}`, keyA)).status).toBe(404);
  });

  it('answers 400 with the field for bad schedules and 409 for a taken name', async () => {
    const bad = await call('POST', '/v1/schedules', keyA, {
      name: 'x',
      cron: '0 9 * *',
      message: { to: '+34600000001', text: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST', details: { field: 'cron' } } });
    const tz = await call('POST', '/v1/schedules', keyA, {
      name: 'x',
      cron: '0 9 * * *',
      timezone: 'Madrid',
      message: { to: '+34600000001', text: 'x' },
    });
    expect(await tz.json()).toMatchObject({ error: { details: { field: 'timezone' } } });
    const body = { name: 'dup', cron: '0 9 * * *', message: { to: '+34600000001', text: 'x' } };
    expect((await call('POST', '/v1/schedules', keyA, body)).status).toBe(201);
    expect((await call('POST', '/v1/schedules', keyA, body)).status).toBe(409);
  });

  it('keeps agencies apart and refuses calls without a key', async () => {
    const created = (await (
      await call('POST', '/v1/schedules', keyA, {
        name: 'privado',
        cron: '30 8 * * *',
        message: { to: '+34600000001', text: 'x' },
      })
    ).json()) as ScheduleBody;
    expect((await call('GET', `/v1/schedules/${created.id}`, keyB)).status).toBe(404);
    expect((await call('PATCH', `/v1/schedules/${created.id}`, keyB, { enabled: false })).status).toBe(404);
    expect((await call('DELETE', `/v1/schedules/${created.id}`, keyB)).status).toBe(404);
    const listB = (await (await call('GET', '/v1/schedules', keyB)).json()) as { schedules: ScheduleBody[] };
    expect(listB.schedules.map((s) => s.id)).not.toContain(created.id);
    expect((await call('GET', '/v1/schedules', null)).status).toBe(401);
    expect((await call('GET', `/v1/schedules/${created.id}`, keyA)).status).toBe(200);
  });

  it('is in the OpenAPI document, with remind on POST /v1/messages', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths['/v1/schedules'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/schedules/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(doc.components.schemas.SendMessage?.properties).toHaveProperty('remind');
  });
});

describe('POST /v1/messages with remind', () => {
  it('schedules a reminder before the appointment, valid until it', async () => {
    const at = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const r = await call('POST', '/v1/messages', keyA, {
      to: '+34600000001',
      text: 'Le recordamos su cita',
      remind: { at, before: 'PT48H' },
    });
    expect(r.status).toBe(202);
    const { id, status } = (await r.json()) as { id: string; status: string };
    expect(status).toBe('scheduled');
    const [row] = await t.sql<Array<{ send_at: string; valid_until: string; appointment_at: string }>>`
      select send_at::text, valid_until::text, appointment_at::text from messages where id = ${id}`;
    expect(new Date(row?.appointment_at ?? 0).toISOString()).toBe(at);
    expect(new Date(row?.valid_until ?? 0).toISOString()).toBe(at);
    expect(new Date(row?.send_at ?? 0).getTime()).toBe(new Date(at).getTime() - 48 * 3_600_000);
  });

  it('answers 400 naming the field for both sendAt and remind, a bad duration or a past appointment', async () => {
    const at = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const cases: Array<[object, string]> = [
      [{ sendAt: at, remind: { at, before: 'PT1H' } }, 'remind'],
      [{ remind: { at, before: 'two days' } }, 'remind.before'],
      [{ remind: { at: '2020-01-01T10:00:00Z', before: 'P1D' } }, 'remind.at'],
    ];
    for (const [extra, field] of cases) {
      const r = await call('POST', '/v1/messages', keyA, { to: '+34600000001', text: 'x', ...extra });
      expect(r.status, field).toBe(400);
      expect(await r.json()).toMatchObject({ error: { code: 'BAD_REQUEST', details: { field } } });
    }
  });
});
