import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  addCarrier,
  addInboundNumber,
  addKeyword,
  createAgency,
  createApiKey,
  createCarrierSecrets,
  createService,
  type JobQueue,
  processInboundMessages,
  recordInboundMessages,
  type ServiceContext,
  setWebSignup,
} from '@pregon/services';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';

let t: TestDatabase;
let services: ServiceContext;
let app: ReturnType<typeof createApp>;
let keyAlzira = '';
let keyGandia = '';
let carrierId = '';
const cli = { kind: 'cli' } as const;
const queue: JobQueue = { enqueue: async () => {}, enqueueRaw: async () => {} };

beforeAll(async () => {
  t = await createTestDatabase('gateway_signup');
  services = { db: t.db, queue, secrets: createCarrierSecrets(randomBytes(32)) };
  carrierId = (
    await addCarrier({
      ctx: services,
      input: { name: 'orange', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw9x7q2z' },
      actor: cli,
    })
  ).id;
  for (const [slug, name, number] of [
    ['alzira', "Ajuntament d'Alzira", '21700'],
    ['gandia', 'Ajuntament de Gandia', '21800'],
  ] as const) {
    await createAgency({ ctx: services, input: { slug, name }, actor: cli });
    await createService({
      ctx: services,
      input: { agencySlug: slug, slug: 'alertas', name: 'Alertas municipales', type: 'city-alerts' },
      actor: cli,
    });
    await addInboundNumber({
      ctx: services,
      input: { agencySlug: slug, number, serviceSlug: 'alertas' },
      actor: cli,
    });
  }
  await setWebSignup({
    ctx: services,
    input: { agencySlug: 'alzira', serviceSlug: 'alertas', enabled: true },
    actor: cli,
  });
  await addKeyword({
    ctx: services,
    input: {
      number: '21700',
      serviceSlug: 'alertas',
      keyword: 'ALERTAS',
      arg: { attribute: 'district', values: ['CENTRO', 'NORTE'] },
    },
    actor: cli,
  });
  keyAlzira = (await createApiKey({ ctx: services, input: { agencySlug: 'alzira' }, actor: cli })).key;
  keyGandia = (await createApiKey({ ctx: services, input: { agencySlug: 'gandia' }, actor: cli })).key;
  app = createApp({
    services,
    logger: pino({ level: 'silent' }),
    links: { links: () => [] },
    consoleDir: null,
    apiRatePerSecond: 1000,
  });
});
afterAll(async () => {
  await t?.drop();
});

/** A request as @hono/node-server hands it over, from a given client address. */
const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
const post = (path: string, body: object, ip = '198.51.100.1', headers: Record<string, string> = {}) =>
  app.request(
    path,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'TestBrowser/1.0', ...headers },
      body: JSON.stringify(body),
    },
    from(ip),
  );
const codeOf = async (phone: string) => {
  const [m] = await t.sql<{ body: string }[]>`select body from messages where to_phone = ${phone}
    and signup_verification_id is not null order by created_at desc limit 1`;
  return m?.body.slice(0, 6) ?? '';
};

describe('public signup over HTTP', () => {
  it('serves the page in the language asked, with the services and their attributes', async () => {
    const ca = await app.request('/signup/alzira?lang=ca');
    expect(ca.status).toBe(200);
    expect(ca.headers.get('content-language')).toBe('ca');
    const html = await ca.text();
    expect(html).toContain('<html lang="ca">');
    expect(html).toContain('Subscriu-te als avisos de Ajuntament d&#39;Alzira');
    expect(html).toContain('Alertas municipales');
    expect(html).toContain('<option value="NORTE">NORTE</option>');
    expect(html).toContain('autocomplete="one-time-code"');
    const en = await app.request('/signup/alzira', {
      headers: { 'accept-language': 'fr;q=1, en-GB;q=0.8, es;q=0.5' },
    });
    expect(await en.text()).toContain('<html lang="en">');
    const es = await app.request('/signup/alzira');
    expect(await es.text()).toContain('Suscríbete a los avisos');
    // Gandia opened nothing to the web; an unknown agency has no page.
    expect(await (await app.request('/signup/gandia?lang=en')).text()).toContain(
      'no services open to signup',
    );
    expect((await app.request('/signup/nowhere')).status).toBe(404);
  });

  it('sends a code, refuses a wrong one with the generic error, subscribes with the right one', async () => {
    const phone = '+34600400001';
    const sent = await post('/v1/public/signup/alzira/code', {
      service: 'alertas',
      phone,
      language: 'ca',
      attributes: { district: 'norte' },
    });
    expect(sent.status).toBe(202);
    expect(await sent.json()).toEqual({ status: 'sent', expiresInSeconds: 600 });
    const code = await codeOf(phone);
    const bad = await post('/v1/public/signup/alzira/verify', {
      service: 'alertas',
      phone,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: { code: string; message: string; requestId: string } };
    expect(badBody.error).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The code is not valid or has expired. Ask for a new one.',
    });
    expect(badBody.error.requestId).toBeTruthy();
    const ok = await post(
      '/v1/public/signup/alzira/verify',
      { service: 'alertas', phone, code },
      '203.0.113.4',
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'subscribed', service: 'alertas' });
    const [consent] = await t.sql<{ channel: string; detail: Record<string, unknown> }[]>`
      select c.channel, c.detail from consents c join subscribers s on s.id = c.subscriber_id where s.phone = ${phone}`;
    expect(consent).toMatchObject({
      channel: 'web',
      detail: { ip: '203.0.113.4', userAgent: 'TestBrowser/1.0', codeRequested: { ip: '198.51.100.1' } },
    });
  });

  it('answers 429 with Retry-After, counting the socket address and not a forged X-Forwarded-For', async () => {
    const phone = '+34600400002';
    for (let i = 0; i < 3; i++)
      expect(
        (
          await post('/v1/public/signup/alzira/code', {
            service: 'alertas',
            phone,
            attributes: { district: 'CENTRO' },
          })
        ).status,
      ).toBe(202);
    const limited = await post('/v1/public/signup/alzira/code', {
      service: 'alertas',
      phone,
      attributes: { district: 'CENTRO' },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const ip = '192.0.2.200';
    for (let i = 0; i < 10; i++) {
      const res = await post(
        '/v1/public/signup/alzira/code',
        {
          service: 'alertas',
          phone: `+3460050${String(i).padStart(4, '0')}`,
          attributes: { district: 'CENTRO' },
        },
        ip,
        { 'x-forwarded-for': `10.0.0.${i}` },
      );
      expect(res.status).toBe(202);
    }
    const byAddress = await post(
      '/v1/public/signup/alzira/code',
      { service: 'alertas', phone: '+34600509999', attributes: { district: 'CENTRO' } },
      ip,
      { 'x-forwarded-for': '10.0.0.99' },
    );
    expect(byAddress.status).toBe(429);
  });

  it('same answer for a subscribed and an unknown phone; clear errors for bad input', async () => {
    const a = await post('/v1/public/signup/alzira/code', {
      service: 'alertas',
      phone: '+34600400001',
      attributes: { district: 'CENTRO' },
    });
    const b = await post('/v1/public/signup/alzira/code', {
      service: 'alertas',
      phone: '+34600400099',
      attributes: { district: 'CENTRO' },
    });
    expect([a.status, await a.json()]).toEqual([b.status, await b.json()]);
    const noPhone = await post('/v1/public/signup/alzira/code', { service: 'alertas' });
    expect(noPhone.status).toBe(400);
    expect(((await noPhone.json()) as { error: { message: string } }).error.message).toMatch(/"phone"/);
    const closed = await post('/v1/public/signup/gandia/code', { service: 'alertas', phone: '+34600400003' });
    expect(closed.status).toBe(404);
  });

  it('lists replies to a message for its own agency only, and documents every route', async () => {
    const phone = '+34600400010';
    const [msg] = await t.sql<
      { id: string }[]
    >`insert into messages (tenant_id, service_id, to_phone, from_addr, body, reference, status)
      select tenant_id, id, ${phone}, '21700', 'Corte de agua mañana', 'aviso-1', 'delivered' from services
      where slug = 'alertas' and tenant_id = (select id from agencies where slug = 'alzira') returning id`;
    const [moId] = await recordInboundMessages({
      ctx: services,
      input: [
        {
          carrierId,
          source: phone,
          destination: '21700',
          text: 'Vale, gracias',
          dataCoding: 0,
          parts: 1,
          complete: true,
          missing: [],
          receivedAt: new Date(),
        },
      ],
    });
    await processInboundMessages({ ctx: services, input: { inboundMessageIds: [moId ?? ''] } });
    const res = await app.request(`/v1/messages/${msg?.id}/replies`, {
      headers: { authorization: `Bearer ${keyAlzira}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      replies: [
        {
          messageId: msg?.id,
          reference: 'aviso-1',
          service: 'alertas',
          from: phone,
          text: 'Vale, gracias',
          intent: 'confirm',
          argument: 'gracias',
          inboundMessageId: moId,
        },
      ],
    });
    const other = await app.request(`/v1/messages/${msg?.id}/replies`, {
      headers: { authorization: `Bearer ${keyGandia}` },
    });
    expect(other.status).toBe(404);
    expect((await app.request(`/v1/messages/${msg?.id}/replies`)).status).toBe(401);

    const doc = (await (await app.request('/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/public/signup/{agencySlug}/code',
        '/v1/public/signup/{agencySlug}/verify',
        '/v1/messages/{id}/replies',
      ]),
    );
  });
});
