import { randomBytes } from 'node:crypto';
import { signupVerifications, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { JobName, JobPayload } from '@pregon/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import { addRoute } from '../carriers/add-route.ts';
import type { JobQueue, ServiceContext } from '../context.ts';
import { processInboundMessages } from '../inbound/process.ts';
import { recordInboundMessages } from '../inbound/record.ts';
import { addKeyword } from '../keywords/add.ts';
import { prepareMessages } from '../messages/prepare.ts';
import { addInboundNumber } from '../numbers/add.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { createService } from '../services/create.ts';
import { setWebSignup } from '../services/set-web-signup.ts';
import { loadSignupPage } from './page.ts';
import { requestSignupCode } from './request-code.ts';
import { verifySignupCode } from './verify.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let carrierId: string;
const cli = { kind: 'cli' } as const;
const tenants: Record<string, string> = {};
let jobs: Array<{ name: string; payload: unknown }> = [];
const queue: JobQueue = {
  enqueue: async <N extends JobName>(_tx: unknown, name: N, payloads: JobPayload<N>[]) => {
    for (const payload of payloads) jobs.push({ name, payload });
  },
  enqueueRaw: async () => {},
};
const UA = 'Mozilla/5.0 (Android 14)';

beforeAll(async () => {
  t = await createTestDatabase('services_signup');
  ctx = { db: t.db, queue, secrets: createCarrierSecrets(randomBytes(32)) };
  carrierId = (
    await addCarrier({
      ctx,
      input: { name: 'orange', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw9x7q2z' },
      actor: cli,
    })
  ).id;
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'orange' }, actor: cli });
  for (const [agency, name] of [
    ['alzira', "Ajuntament d'Alzira"],
    ['gandia', 'Ajuntament de Gandia'],
  ] as const) {
    tenants[agency] = (await createAgency({ ctx, input: { slug: agency, name }, actor: cli })).id;
    await createService({
      ctx,
      input: { agencySlug: agency, slug: 'alertas', name: 'Alertas municipales', type: 'city-alerts' },
      actor: cli,
    });
    await setWebSignup({
      ctx,
      input: { agencySlug: agency, serviceSlug: 'alertas', enabled: true },
      actor: cli,
    });
    await t.sql`insert into webhooks (tenant_id, url, events, secret)
      values (${tenants[agency] ?? ''}, 'https://example.test/hook', ${['subscriber.opted_in']}, 's')`;
  }
  await createService({
    ctx,
    input: { agencySlug: 'alzira', slug: 'interno', name: 'Interno', type: 'custom' },
    actor: cli,
  });
  await addInboundNumber({
    ctx,
    input: { agencySlug: 'alzira', number: '21700', serviceSlug: 'alertas' },
    actor: cli,
  });
  await addInboundNumber({
    ctx,
    input: { agencySlug: 'gandia', number: '21800', serviceSlug: 'alertas' },
    actor: cli,
  });
  await addKeyword({
    ctx,
    input: {
      number: '21700',
      serviceSlug: 'alertas',
      keyword: 'ALERTAS',
      aliases: [{ word: 'ALERTES', language: 'ca' }],
      arg: { attribute: 'district', values: ['CENTRO', 'NORTE'] },
    },
    actor: cli,
  });
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  jobs = [];
});

let ipSeq = 0;
/** A fresh address per request unless one is given, so only the limit under test is reached. */
const nextIp = () => `198.51.100.${++ipSeq}`;

function ask(
  phone: string,
  over: Partial<{ agencySlug: string; service: string; language: 'es' | 'ca' | 'en'; ip: string }> = {},
  attributes: Record<string, string> = { district: 'centro' },
  c: ServiceContext = ctx,
) {
  return requestSignupCode({
    ctx: c,
    input: {
      agencySlug: 'alzira',
      service: 'alertas',
      phone,
      language: 'es',
      attributes,
      ip: nextIp(),
      userAgent: UA,
      ...over,
    },
  });
}

function verify(
  phone: string,
  code: string,
  over: Partial<{ agencySlug: string }> = {},
  c: ServiceContext = ctx,
) {
  return verifySignupCode({
    ctx: c,
    input: {
      agencySlug: 'alzira',
      service: 'alertas',
      phone,
      code,
      ip: '203.0.113.9',
      userAgent: UA,
      ...over,
    },
  });
}

/** The newest code the phone received, read from the SMS as the citizen reads it. */
async function codeSentTo(phone: string): Promise<{ code: string; body: string; id: string }> {
  const [m] = await t.sql<{ id: string; body: string }[]>`select id, body from messages
    where to_phone = ${phone} and signup_verification_id is not null and body ~ '^[0-9]{6} '
    order by created_at desc limit 1`;
  const code = m?.body.slice(0, 6);
  if (!m || !code) throw new Error(`no code sent to ${phone}`);
  return { code, body: m.body, id: m.id };
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const INVALID = { code: 'BAD_REQUEST', message: 'The code is not valid or has expired. Ask for a new one.' };

describe('web signup with a one-time code', () => {
  it('lists the services open to web signup with the attributes their keywords take', async () => {
    const page = await loadSignupPage({ ctx, input: { agencySlug: 'alzira' } });
    expect(page).toEqual({
      agency: { slug: 'alzira', name: "Ajuntament d'Alzira" },
      services: [
        {
          slug: 'alertas',
          name: 'Alertas municipales',
          attributes: [{ name: 'district', values: ['CENTRO', 'NORTE'], required: true }],
        },
      ],
    });
    await expect(loadSignupPage({ ctx, input: { agencySlug: 'nowhere' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('sends a code by SMS from the service sender, and the right code subscribes with a web consent', async () => {
    const phone = '+34600200001';
    expect(await ask('600 20 00 01')).toEqual({ status: 'sent', expiresInSeconds: 600 });
    const sms = await codeSentTo(phone);
    expect(sms.body).toMatch(/^\d{6} es tu código para darte de alta en Alertas municipales\./);
    const [m] = await t.sql<{ from_addr: string; lane: string; service: string }[]>`
      select m.from_addr, m.lane, s.slug as service from messages m join services s on s.id = m.service_id
      where m.id = ${sms.id}`;
    expect(m).toEqual({ from_addr: '21700', lane: 'transactional', service: 'alertas' });
    expect(jobs.map((j) => j.name)).toEqual(['message.prepare']);
    const [v] = await t.sql<{ code_hash: string; attempts: number; ip: string; language: string }[]>`
      select code_hash, attempts, ip, language from signup_verifications where phone = ${phone}`;
    expect(v?.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(v?.code_hash).not.toContain(sms.code);

    jobs = [];
    expect(await verify(phone, ` ${sms.code.slice(0, 3)} ${sms.code.slice(3)} `)).toEqual({
      status: 'subscribed',
      service: 'alertas',
    });
    const [sub] = await t.sql<{ id: string; status: string; language: string; attributes: unknown }[]>`
      select id, status, language, attributes from subscribers where phone = ${phone}`;
    expect(sub).toMatchObject({ status: 'active', language: 'es', attributes: { district: 'CENTRO' } });
    const [consent] = await t.sql<{ channel: string; language: string; detail: Record<string, unknown> }[]>`
      select channel, language, detail from consents where subscriber_id = ${sub?.id ?? ''}`;
    const [verification] = await t.sql<{ id: string; verified_at: Date | null }[]>`
      select id, verified_at from signup_verifications where phone = ${phone}`;
    expect(verification?.verified_at).not.toBeNull();
    expect(consent).toMatchObject({
      channel: 'web',
      language: 'es',
      detail: {
        source: 'web_signup',
        verificationId: verification?.id,
        ip: '203.0.113.9',
        userAgent: UA,
        codeRequested: { userAgent: UA },
      },
    });
    expect(Date.parse(String(consent?.detail.at))).not.toBeNaN();
    const optedIn = jobs
      .filter((j) => j.name === 'webhook.deliver')
      .flatMap((j) => (j.payload as JobPayload<'webhook.deliver'>).events);
    expect(optedIn.map((e) => [e.type, e.data.phone, e.data.service, e.data.source])).toEqual([
      ['subscriber.opted_in', phone, 'alertas', 'web'],
    ]);
    const [confirmation] = await t.sql<{ body: string }[]>`select body from messages
      where to_phone = ${phone} and body like 'Alta confirmada%'`;
    expect(confirmation?.body).toMatch(/Alertas municipales \(CENTRO\)/);
    // A used code is spent.
    await expect(verify(phone, sms.code)).rejects.toMatchObject(INVALID);
  });

  it('speaks Catalan and English', async () => {
    await ask('+34600200002', { language: 'ca' }, { district: 'Norte' });
    expect((await codeSentTo('+34600200002')).body).toMatch(/és el teu codi per a donar-te d'alta a Alertas/);
    await ask('+34600200003', { language: 'en' });
    const en = await codeSentTo('+34600200003');
    expect(en.body).toMatch(/is your code to subscribe to Alertas municipales/);
    await verify('+34600200003', en.code);
    const [sub] = await t.sql<
      { language: string }[]
    >`select language from subscribers where phone = '+34600200003'`;
    expect(sub?.language).toBe('en');
    const [confirmation] = await t.sql<{ body: string }[]>`select body from messages
      where to_phone = '+34600200003' and body like 'You are subscribed%'`;
    expect(confirmation).toBeDefined();
  });

  it('five wrong codes kill the code, and the right one no longer works', async () => {
    const phone = '+34600200004';
    await ask(phone);
    const { code } = await codeSentTo(phone);
    for (let i = 0; i < 5; i++) await expect(verify(phone, wrong(code))).rejects.toMatchObject(INVALID);
    await expect(verify(phone, code)).rejects.toMatchObject(INVALID);
    const [v] = await t.sql<
      { attempts: number }[]
    >`select attempts from signup_verifications where phone = ${phone}`;
    expect(v?.attempts).toBe(5);
    const [sub] = await t.sql<
      { n: number }[]
    >`select count(*)::int as n from subscribers where phone = ${phone}`;
    expect(sub?.n).toBe(0);
  });

  it('a code expires after 10 minutes', async () => {
    const phone = '+34600200005';
    await ask(phone);
    const { code } = await codeSentTo(phone);
    const later = { ...ctx, now: () => new Date(Date.now() + 10 * 60_000 + 1000) };
    await expect(verify(phone, code, {}, later)).rejects.toMatchObject(INVALID);
    expect(await verify(phone, code)).toMatchObject({ status: 'subscribed' });
  });

  it('limits codes per phone (3 an hour, across agencies), even asked at once', async () => {
    const phone = '+34600200006';
    const results = await Promise.allSettled([
      ask(phone),
      ask(phone),
      ask(phone, { agencySlug: 'gandia' }, {}),
      ask(phone, { agencySlug: 'gandia' }, {}),
      ask(phone),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(refused).toHaveLength(2);
    for (const e of refused) expect(e).toMatchObject({ code: 'RATE_LIMITED', details: { field: 'phone' } });
    const retryAfter = (refused[0] as { details: { retryAfter: number } }).details.retryAfter;
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const anHourLater = { ...ctx, now: () => new Date(Date.now() + 3601_000) };
    expect(await ask(phone, {}, { district: 'CENTRO' }, anHourLater)).toMatchObject({ status: 'sent' });
  });

  it('limits codes per address (10 an hour)', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 10; i++) await ask(`+3460030${String(i).padStart(4, '0')}`, { ip });
    await expect(ask('+34600300099', { ip })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { field: 'ip' },
    });
  });

  it('answers the same for a subscribed, an opted-out and an unknown phone', async () => {
    const subscribed = '+34600200007';
    await t.sql`insert into subscribers (tenant_id, service_id, phone, status, language)
      select tenant_id, id, ${subscribed}, 'active', 'es' from services where tenant_id = ${tenants.alzira ?? ''} and slug = 'alertas'`;
    const unknown = '+34600200008';
    expect(await ask(subscribed)).toEqual(await ask(unknown));
    await expect(verify(subscribed, '000000')).rejects.toMatchObject(INVALID);
    await expect(verify('+34600200099', '000000')).rejects.toMatchObject(INVALID);
  });

  /** STOP by SMS, then the web signup; an alert from the number must then go through the ledger. */
  async function comeBackAfter(stop: string, phone: string) {
    const [moId] = await recordInboundMessages({
      ctx,
      input: [
        {
          carrierId,
          source: phone,
          destination: '21700',
          text: stop,
          dataCoding: 0,
          parts: 1,
          complete: true,
          missing: [],
          receivedAt: new Date(),
        },
      ],
    });
    await processInboundMessages({ ctx, input: { inboundMessageIds: [moId ?? ''] } });
    await ask(phone);
    const sms = await codeSentTo(phone);
    await prepareMessages({ ctx, input: { tenantId: tenants.alzira ?? '', messageIds: [sms.id] } });
    const [codeMsg] = await t.sql<{ status: string }[]>`select status from messages where id = ${sms.id}`;
    expect(codeMsg?.status).toBe('queued');
    await verify(phone, sms.code);
    const open =
      await t.sql`select 1 from opt_outs o join services s on s.id = o.service_id or o.service_id is null
      where o.phone = ${phone} and o.revoked_at is null and (o.service_id is null or s.slug = 'alertas')`;
    expect(open).toHaveLength(0);
    const [sub] = await t.sql<{ status: string }[]>`select status from subscribers where phone = ${phone}`;
    expect(sub?.status).toBe('active');
    // An ordinary alert now goes through the ledger.
    const [alert] = await t.sql<
      { id: string }[]
    >`insert into messages (tenant_id, service_id, to_phone, from_addr, body)
      select tenant_id, id, ${phone}, '21700', 'Alerta' from services where tenant_id = ${tenants.alzira ?? ''} and slug = 'alertas'
      returning id`;
    await prepareMessages({ ctx, input: { tenantId: tenants.alzira ?? '', messageIds: [alert?.id ?? ''] } });
    const [after] = await t.sql<
      { status: string }[]
    >`select status from messages where id = ${alert?.id ?? ''}`;
    expect(after?.status).toBe('queued');
  }

  it('a phone that texted BAJA can come back on the web: the code reaches it, the opt-out is lifted', async () => {
    await comeBackAfter('BAJA', '+34600200009');
  });

  it('and after BAJA TODO too: the agency row for the number the service writes from is lifted', async () => {
    await comeBackAfter('BAJA TODO', '+34600200019');
  });

  it('refuses services closed to the web, unknown agencies and attribute values not allowed', async () => {
    await expect(ask('+34600200010', { service: 'interno' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { field: 'service' },
    });
    await expect(ask('+34600200010', { agencySlug: 'nowhere' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ask('+34600200010', {}, { district: 'SUR' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '"attributes.district" must be one of: CENTRO, NORTE',
    });
    await expect(ask('+34600200010', {}, {})).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: { field: 'attributes.district' },
    });
    await expect(ask('12', {})).rejects.toMatchObject({ code: 'BAD_REQUEST', details: { field: 'phone' } });
    const [n] = await t.sql<
      { n: number }[]
    >`select count(*)::int as n from signup_verifications where phone = '+34600200010'`;
    expect(n?.n).toBe(0);
  });

  it('keeps each agency to its own verifications', async () => {
    const phone = '+34600200011';
    await ask(phone);
    const { code } = await codeSentTo(phone);
    const seen = async (tenant: string) =>
      withTenant(t.db, tenant, (tx) =>
        tx.select({ phone: signupVerifications.phone }).from(signupVerifications),
      );
    expect((await seen(tenants.gandia ?? '')).some((v) => v.phone === phone)).toBe(false);
    expect((await seen(tenants.alzira ?? '')).some((v) => v.phone === phone)).toBe(true);
    await expect(verify(phone, code, { agencySlug: 'gandia' })).rejects.toMatchObject(INVALID);
    expect(await verify(phone, code)).toMatchObject({ status: 'subscribed' });
  });
});
