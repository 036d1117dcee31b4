import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, startDemoApp } from './demo-app.ts';

let demo: DemoApp;
let app: DemoApp['app'];
let keyA = '';
let keyB = '';

beforeAll(async () => {
  demo = await startDemoApp('gateway_webhooks', { webhooks: { allowLoopback: false } });
  ({ app, keyA, keyB } = demo);
});
afterAll(async () => {
  await demo?.stop();
});

const call: DemoApp['call'] = (...args) => demo.call(...args);

describe('/v1/webhooks', () => {
  it('creates (secret shown once), lists, rotates, lists attempts and deletes', async () => {
    const created = await call('POST', '/v1/webhooks', keyA, { url: 'https://his.example.org/events' });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as { id: string; secret: string; events: string[]; enabled: boolean };
    expect(hook).toMatchObject({ events: ['message.status'], enabled: true });
    expect(hook.secret).toMatch(/^whsec_/);

    const list = (await (await call('GET', '/v1/webhooks', keyA)).json()) as { webhooks: object[] };
    expect(list.webhooks).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(hook.secret);
    expect(JSON.stringify(list)).not.toContain('enc:v1');

    const rotated = await call('POST', `/v1/webhooks/${hook.id}/rotate-secret`, keyA, { graceSeconds: 60 });
    expect(rotated.status).toBe(200);
    const r = (await rotated.json()) as { secret: string; previousSecretExpiresAt: string | null };
    expect(r.secret).not.toBe(hook.secret);
    expect(r.previousSecretExpiresAt).not.toBeNull();

    const attempts = await call('GET', `/v1/webhooks/${hook.id}/attempts`, keyA);
    expect(attempts.status).toBe(200);
    expect(await attempts.json()).toEqual({ attempts: [] });

    expect((await call('DELETE', `/v1/webhooks/${hook.id}`, keyA)).status).toBe(204);
    expect((await call('DELETE', `/v1/webhooks/${hook.id}`, keyA)).status).toBe(404);
  });

  it('rejects bad URLs with the field named', async () => {
    for (const url of [
      'http://his.example.org/x',
      'https://192.168.1.10/x',
      'http://localhost:3000/x',
      'javascript:alert(1)',
    ]) {
      const res = await call('POST', '/v1/webhooks', keyA, { url });
      expect(res.status, url).toBe(400);
      const body = (await res.json()) as { error: { code: string; details?: { field?: string } } };
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.details?.field).toBe('url');
    }
    const badEvent = await call('POST', '/v1/webhooks', keyA, {
      url: 'https://x.example.org',
      events: ['sms.sent'],
    });
    expect(badEvent.status).toBe(400);
  });

  it('needs a valid key, and hides other agencies webhooks as not found', async () => {
    expect((await call('GET', '/v1/webhooks', null)).status).toBe(401);
    expect(
      (await call('POST', '/v1/webhooks', 'prg_live_nope', { url: 'https://a.example.org' })).status,
    ).toBe(401);
    const created = await call('POST', '/v1/webhooks', keyA, { url: 'https://a.example.org/h' });
    const { id } = (await created.json()) as { id: string };
    expect((await call('POST', `/v1/webhooks/${id}/rotate-secret`, keyB, {})).status).toBe(404);
    expect((await call('GET', `/v1/webhooks/${id}/attempts`, keyB)).status).toBe(404);
    expect((await call('DELETE', `/v1/webhooks/${id}`, keyB)).status).toBe(404);
    expect((await call('DELETE', '/v1/webhooks/not-a-uuid', keyA)).status).toBe(404);
    const listB = (await (await call('GET', '/v1/webhooks', keyB)).json()) as { webhooks: object[] };
    expect(listB.webhooks).toHaveLength(0);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/webhooks',
        '/v1/webhooks/{id}/rotate-secret',
        '/v1/webhooks/{id}',
        '/v1/webhooks/{id}/attempts',
      ]),
    );
  });
});
