import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  addInboundNumber,
  addKeyword,
  createService,
  listSubscribers,
  noJobQueue,
  type ServiceContext,
} from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';
import { until, waitForBoundLink } from './support/wait.ts';

const waitFor = <T>(what: string, probe: () => Promise<T | undefined>) => until(what, probe, 15_000);

let t: TestDatabase;
let stack: Stack;
let ctx: ServiceContext;
const cli = { kind: 'cli' } as const;
const key = (slug: string) => {
  const agency = stack.demo.agencies.find((a) => a.slug === slug);
  if (!agency) throw new Error(`no demo agency ${slug}`);
  return agency.apiKey;
};

beforeAll(async () => {
  t = await createTestDatabase('keywords_e2e');
  stack = await startStack({ databaseUrl: t.url });
  ctx = { db: t.db, queue: noJobQueue };
  // Dedicated: 21700 belongs to Alzira's city alerts, keyword with a district argument in three languages.
  await addInboundNumber({
    ctx,
    input: { agencySlug: 'ajuntament-alzira', number: '21700', serviceSlug: 'alertas' },
    actor: cli,
  });
  await addKeyword({
    ctx,
    input: {
      number: '21700',
      serviceSlug: 'alertas',
      keyword: 'ALERTAS',
      aliases: [
        { word: 'ALERTES', language: 'ca' },
        { word: 'ALERTS', language: 'en' },
      ],
      arg: { attribute: 'district', values: ['CENTRO', 'NORTE'] },
    },
    actor: cli,
  });
  // Shared: 21900 carries a health agency's keywords and a school board's (double opt-in, class argument).
  await addInboundNumber({ ctx, input: { agencySlug: 'salut-valencia', number: '21900' }, actor: cli });
  await addInboundNumber({ ctx, input: { agencySlug: 'educacion-sevilla', number: '21900' }, actor: cli });
  await createService({
    ctx,
    input: { agencySlug: 'salut-valencia', slug: 'fallas', name: 'Avisos Fallas', type: 'custom' },
    actor: cli,
  });
  await addKeyword({
    ctx,
    input: {
      number: '21900',
      serviceSlug: 'citas',
      keyword: 'CITA',
      aliases: [{ word: 'APPOINTMENT', language: 'en' }],
    },
    actor: cli,
  });
  await addKeyword({ ctx, input: { number: '21900', serviceSlug: 'fallas', keyword: 'FALLAS' }, actor: cli });
  await addKeyword({
    ctx,
    input: {
      number: '21900',
      serviceSlug: 'faltas',
      keyword: 'FALTAS',
      aliases: [{ word: 'FALTES', language: 'ca' }],
      arg: { attribute: 'class', values: ['4A', '4B'] },
      doubleOptIn: true,
    },
    actor: cli,
  });
  await waitForBoundLink(stack, 15_000);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

/** Texts `text` from `phone` to `number` over SMPP and waits until the engine handled it. */
async function mo(phone: string, number: string, text: string) {
  expect(await stack.simulator.injectMo({ from: phone, to: number, text })).toEqual([0]);
  return waitFor(`MO "${text}" from ${phone} processed`, async () => {
    const [row] = await t.sql<Array<{ id: string; tenant_id: string | null; service_id: string | null }>>`
      select id, tenant_id, service_id from inbound_messages
      where source = ${`+${phone}`} and text = ${text} and processed_at is not null
      order by received_at desc limit 1`;
    return row;
  });
}

/** The reply to one MO: its text, once the simulated SMSC received it from the number. */
async function reply(moId: string, from: string) {
  const row = await waitFor(`reply to ${moId} submitted`, async () => {
    const [m] = await t.sql<Array<{ body: string; to_phone: string; from_addr: string; status: string }>>`
      select body, to_phone, from_addr, status from messages where in_reply_to = ${moId}`;
    return m && ['submitted', 'delivered'].includes(m.status) ? m : undefined;
  });
  expect(row.from_addr).toBe(from);
  expect(
    stack.simulator.submits.some((s) => s.destination === row.to_phone.slice(1) && s.source === from),
  ).toBe(true);
  return row.body;
}

const subscriber = async (service: string, phone: string, agency?: string) =>
  (
    await listSubscribers({
      ctx,
      input: { serviceSlug: service, ...(agency ? { agencySlug: agency } : {}) },
      actor: cli,
    })
  ).subscribers.find((s) => s.phone === phone);

async function restSend(agencySlug: string, body: object) {
  const res = await fetch(`${stack.baseUrl}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key(agencySlug)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  return id;
}

async function finalStatus(agencySlug: string, id: string) {
  return waitFor(`message ${id} final`, async () => {
    const res = await fetch(`${stack.baseUrl}/v1/messages/${id}`, {
      headers: { authorization: `Bearer ${key(agencySlug)}` },
    });
    const m = (await res.json()) as { status: string; reason: string | null };
    return ['delivered', 'rejected', 'failed'].includes(m.status) ? m : undefined;
  });
}

describe('keywords over SMPP MO (issue #5)', () => {
  it('es: subscribes with an argument, consent naming the exact MO, reply from the dedicated number', async () => {
    const m = await mo('34600000101', '21700', 'alertas  Centro!');
    expect(await reply(m.id, '21700')).toMatch(/^Alta confirmada en Alertas municipales \(CENTRO\)/);
    expect(await subscriber('alertas', '+34600000101')).toEqual({
      phone: '+34600000101',
      status: 'active',
      language: 'es',
      attributes: { district: 'CENTRO' },
    });
    const consents = await t.sql`select channel, inbound_message_id, c.language from consents c
      join subscribers s on s.id = c.subscriber_id where s.phone = '+34600000101'`;
    expect(consents).toEqual([{ channel: 'sms', inbound_message_id: m.id, language: 'es' }]);
    expect(m.tenant_id).not.toBeNull();
    expect(m.service_id).not.toBeNull();
  });

  it('ca: one typo on a long keyword is forgiven; the reply is in Catalan', async () => {
    const m = await mo('34600000102', '21700', 'ALERTEZ nord');
    expect(await reply(m.id, '21700')).toMatch(/^Opció no vàlida/);
    const ok = await mo('34600000102', '21700', 'Alertez norte');
    expect(await reply(ok.id, '21700')).toMatch(/^Alta confirmada a Alertas municipales \(NORTE\)/);
    expect(await subscriber('alertas', '+34600000102')).toMatchObject({
      language: 'ca',
      attributes: { district: 'NORTE' },
    });
  });

  it('en: an invalid argument gets the list of valid values and subscribes nobody', async () => {
    const m = await mo('34600000103', '21700', 'ALERTS south');
    expect(await reply(m.id, '21700')).toBe('Invalid option. Send ALERTS followed by one of: CENTRO, NORTE.');
    expect(await subscriber('alertas', '+34600000103')).toBeUndefined();
  });

  it('an ambiguous typo on a shared number gets the help listing its keywords', async () => {
    // FALAS is one letter from FALTAS (schools) and FALLAS (health): neither is guessed.
    const m = await mo('34600000104', '21900', 'FALAS 4B');
    expect(await reply(m.id, '21900')).toMatch(
      /^No hemos entendido tu mensaje\. Palabras disponibles: CITA, FALLAS, FALTAS\./,
    );
    expect(await subscriber('faltas', '+34600000104')).toBeUndefined();
    expect(m.tenant_id).toBeNull();
  });

  it('refuses a word already used on a shared number by another agency, alias included', async () => {
    await expect(
      addKeyword({
        ctx,
        input: {
          number: '21900',
          serviceSlug: 'citas',
          keyword: 'VACUNA',
          aliases: [{ word: 'Faltés', language: 'ca' }],
        },
        actor: cli,
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'FALTES is already a keyword on 21900 (another agency)',
    });
    const [row] = await t.sql`select count(*)::int as n from keywords where keyword = 'VACUNA'`;
    expect(row?.n).toBe(0);
  });

  it('double opt-in: pending until SÍ, then active with the confirmation as consent', async () => {
    const join = await mo('34600000105', '21900', 'Faltes 4b');
    expect(await reply(join.id, '21900')).toMatch(/respon SÍ en 24 hores/);
    expect(await subscriber('faltas', '+34600000105')).toMatchObject({ status: 'pending', language: 'ca' });
    const yes = await mo('34600000105', '21900', 'Sí');
    expect(await reply(yes.id, '21900')).toMatch(/^Alta confirmada a Avisos de faltas \(4B\)/);
    expect(await subscriber('faltas', '+34600000105')).toMatchObject({
      status: 'active',
      attributes: { class: '4B' },
    });
    const [consent] =
      await t.sql`select inbound_message_id from consents c join subscribers s on s.id = c.subscriber_id
      where s.phone = '+34600000105'`;
    expect(consent?.inbound_message_id).toBe(yes.id);
  });

  it('STOP on a dedicated number: leaves the service, confirms, and the ledger rejects a later REST send', async () => {
    const stop = await mo('34600000101', '21700', 'Baja');
    expect(await reply(stop.id, '21700')).toMatch(/^Te has dado de baja de Alertas municipales/);
    expect(await subscriber('alertas', '+34600000101')).toMatchObject({ status: 'opted_out' });
    const before = stack.simulator.submits.length;
    const id = await restSend('ajuntament-alzira', {
      to: '+34600000101',
      text: 'Corte de agua mañana',
      service: 'alertas',
    });
    expect(await finalStatus('ajuntament-alzira', id)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });
    expect(stack.simulator.submits.slice(before).some((s) => s.destination === '34600000101')).toBe(false);

    // START: back in, and the same send goes out.
    const start = await mo('34600000101', '21700', 'ALTA');
    expect(await reply(start.id, '21700')).toMatch(/^Has vuelto a darte de alta en Alertas municipales/);
    expect(await subscriber('alertas', '+34600000101')).toMatchObject({ status: 'active' });
    const again = await restSend('ajuntament-alzira', {
      to: '+34600000101',
      text: 'Corte de agua',
      service: 'alertas',
    });
    expect(await finalStatus('ajuntament-alzira', again)).toMatchObject({ status: 'delivered' });
  });

  it('HELP answers with the agency contact text, in the language used', async () => {
    const m = await mo('34600000101', '21700', 'ajuda');
    expect(await reply(m.id, '21700')).toBe(
      "Alertas municipales, servei de Ajuntament d'Alzira. Per a donar-te de baixa envia PROU.",
    );
  });

  it('STOP on a shared number leaves the service last heard from; STOP ALL leaves the rest', async () => {
    const phone = '34600000106';
    await reply((await mo(phone, '21900', 'cita')).id, '21900');
    await reply((await mo(phone, '21900', 'faltas 4a')).id, '21900');
    await reply((await mo(phone, '21900', 'si')).id, '21900');
    expect(await subscriber('faltas', `+${phone}`)).toMatchObject({ status: 'active' });
    // The health agency writes to the phone from the shared number: it is the one last heard from.
    const sent = await restSend('salut-valencia', {
      to: `+${phone}`,
      text: 'Su cita: lunes 9:00',
      from: '21900',
      service: 'citas',
    });
    expect(await finalStatus('salut-valencia', sent)).toMatchObject({ status: 'delivered' });

    const stop = await mo(phone, '21900', 'STOP');
    expect(await reply(stop.id, '21900')).toMatch(/^You have unsubscribed from Recordatorios de cita\./);
    expect(await subscriber('citas', `+${phone}`)).toMatchObject({ status: 'opted_out' });
    expect(await subscriber('faltas', `+${phone}`)).toMatchObject({ status: 'active' });

    const all = await mo(phone, '21900', 'Baja todo');
    expect(await reply(all.id, '21900')).toMatch(/^Te has dado de baja de /);
    expect(await subscriber('faltas', `+${phone}`)).toMatchObject({ status: 'opted_out' });
    const school = await restSend('educacion-sevilla', {
      to: `+${phone}`,
      text: 'Falta hoy',
      service: 'faltas',
    });
    expect(await finalStatus('educacion-sevilla', school)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });
  });
});
