import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, startDemoApp } from './demo-app.ts';

let demo: DemoApp;
let t: DemoApp['t'];
let app: DemoApp['app'];
let keyA = '';
let keyB = '';

beforeAll(async () => {
  demo = await startDemoApp('gateway_broadcasts');
  ({ t, app, keyA, keyB } = demo);
  const [citas] = await t.sql<{ id: string; tenant_id: string }[]>`
    select s.id, s.tenant_id from services s join agencies a on a.id = s.tenant_id
    where a.slug = 'salut-valencia' and s.slug = 'citas'`;
  await t.sql`
    insert into subscribers (tenant_id, service_id, phone, status, language, attributes)
    select ${citas?.tenant_id ?? ''}, ${citas?.id ?? ''}, '+3461' || lpad(i::text, 7, '0'), 'active', 'es',
      jsonb_build_object('centro', case when i % 2 = 0 then 'benimaclet' else 'malva-rosa' end)
    from generate_series(1, 20) as i`;
});
afterAll(async () => {
  await demo?.stop();
});

const call: DemoApp['call'] = (...args) => demo.call(...args);

describe('/v1/broadcasts and /v1/lists', () => {
  it('saves a list, broadcasts to it once per Idempotency-Key, and pauses, resumes and cancels it', async () => {
    const created = await call('POST', '/v1/lists', keyA, {
      service: 'citas',
      name: 'Benimaclet',
      filter: { centro: 'benimaclet' },
    });
    expect(created.status).toBe(201);
    const list = (await created.json()) as { id: string; filter: object };
    expect(list.filter).toEqual({ where: { centro: 'benimaclet' } });
    expect(((await (await call('GET', '/v1/lists', keyA)).json()) as { lists: object[] }).lists).toHaveLength(
      1,
    );
    expect(((await (await call('GET', '/v1/lists', keyB)).json()) as { lists: object[] }).lists).toHaveLength(
      0,
    );

    const body = {
      service: 'citas',
      name: 'Cierre del centro',
      target: { kind: 'saved_list', listId: list.id },
      templates: { es: 'El centro {{centro}} cierra mañana', ca: 'El centre {{centro}} tanca demà' },
    };
    const first = await call('POST', '/v1/broadcasts', keyA, body, { 'idempotency-key': 'b-1' });
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { id: string; status: string };
    expect(accepted.status).toBe('running');
    const again = await call('POST', '/v1/broadcasts', keyA, body, { 'idempotency-key': 'b-1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(accepted);
    const [count] = await t.sql<{ n: number }[]>`select count(*)::int as n from broadcasts`;
    expect(count?.n).toBe(1);

    const got = await call('GET', `/v1/broadcasts/${accepted.id}`, keyA);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({
      id: accepted.id,
      service: 'citas',
      status: 'running',
      lane: 'bulk',
      target: { kind: 'saved_list', listId: list.id, where: { centro: 'benimaclet' } },
      progress: { fannedOut: 0, counts: { queued: 0 } },
    });
    const listed = (await (await call('GET', '/v1/broadcasts?status=running', keyA)).json()) as {
      broadcasts: Array<{ id: string }>;
    };
    expect(listed.broadcasts.map((b) => b.id)).toEqual([accepted.id]);

    expect(await (await call('POST', `/v1/broadcasts/${accepted.id}/pause`, keyA)).json()).toMatchObject({
      status: 'paused',
    });
    expect(await (await call('POST', `/v1/broadcasts/${accepted.id}/resume`, keyA)).json()).toMatchObject({
      status: 'running',
    });
    // Another agency: 404 for reading and for cancelling, exactly like an unknown id.
    expect((await call('GET', `/v1/broadcasts/${accepted.id}`, keyB)).status).toBe(404);
    const foreign = await call('POST', `/v1/broadcasts/${accepted.id}/cancel`, keyB);
    expect(foreign.status).toBe(404);
    expect(
      ((await (await call('GET', '/v1/broadcasts', keyB)).json()) as { broadcasts: object[] }).broadcasts,
    ).toEqual([]);
    expect(await (await call('POST', `/v1/broadcasts/${accepted.id}/cancel`, keyA)).json()).toMatchObject({
      status: 'cancelled',
    });
    const late = await call('POST', `/v1/broadcasts/${accepted.id}/pause`, keyA);
    expect(late.status).toBe(409);

    expect((await call('DELETE', `/v1/lists/${list.id}`, keyB)).status).toBe(404);
    expect((await call('DELETE', `/v1/lists/${list.id}`, keyA)).status).toBe(200);
  });

  it('refuses an upload with invalid rows with a per-row report, and requests without a key', async () => {
    const res = await call('POST', '/v1/broadcasts', keyA, {
      service: 'citas',
      name: 'Subida',
      target: {
        kind: 'upload',
        recipients: [{ phone: '+34600000001', attributes: { hora: '10:30' } }, { phone: '600' }],
      },
      templates: { es: 'Su cita es a las {{hora}}' },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; details: { errors: object[] } } };
    expect(error.message).toBe('1 of 2 recipients are invalid; nothing was created');
    expect(error.details.errors).toEqual([
      { row: 2, field: 'phone', reason: expect.any(String) },
      { row: 2, field: 'attributes.hora', reason: 'missing: the template uses {{hora}}' },
    ]);
    expect((await call('POST', '/v1/broadcasts', null, {})).status).toBe(401);
    const bad = await call('POST', '/v1/broadcasts', keyA, {
      service: 'citas',
      name: 'x',
      target: { kind: 'nope' },
    });
    expect(bad.status).toBe(400);
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as { paths: Record<string, object> };
    for (const path of [
      '/v1/broadcasts',
      '/v1/broadcasts/{id}',
      '/v1/broadcasts/{id}/pause',
      '/v1/broadcasts/{id}/resume',
      '/v1/broadcasts/{id}/cancel',
      '/v1/lists',
      '/v1/lists/{id}',
    ])
      expect(doc.paths).toHaveProperty([path]);
  });
});
