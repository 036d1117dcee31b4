import type { TestDatabase } from '@pregon/db/testing';
import { addKeyword, createService, type ServiceContext } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../stack.ts';
import {
  addAlziraAlerts,
  type Citizen,
  type CitizenStack,
  cli,
  shareNumber,
  startCitizenStack,
} from './support/citizen.ts';

let e2e: CitizenStack;
let t: TestDatabase;
let stack: Stack;
let ctx: ServiceContext;
let phone: Citizen;

beforeAll(async () => {
  e2e = await startCitizenStack('keywords_e2e', { timeoutMs: 15_000 });
  ({ t, stack, ctx, phone } = e2e);
  // Dedicated: 21700 belongs to Alzira's city alerts, keyword with a district argument in three languages.
  await addAlziraAlerts(ctx, { arg: { attribute: 'district', values: ['CENTRO', 'NORTE'] } });
  // Shared: 21900 carries a health agency's keywords and a school board's (double opt-in, class argument).
  await shareNumber(ctx, '21900');
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
}, 60_000);

afterAll(async () => {
  await e2e?.stop();
});

describe('keywords over SMPP MO (issue #5)', () => {
  it('es: subscribes with an argument, consent naming the exact MO, reply from the dedicated number', async () => {
    const m = await phone.mo('34600000101', '21700', 'alertas  Centro!');
    expect(await phone.reply(m.id, '21700')).toMatch(/^Alta confirmada en Alertas municipales \(CENTRO\)/);
    expect(await phone.subscriber('alertas', '+34600000101')).toEqual({
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
    const m = await phone.mo('34600000102', '21700', 'ALERTEZ nord');
    expect(await phone.reply(m.id, '21700')).toMatch(/^Opció no vàlida/);
    const ok = await phone.mo('34600000102', '21700', 'Alertez norte');
    expect(await phone.reply(ok.id, '21700')).toMatch(/^Alta confirmada a Alertas municipales \(NORTE\)/);
    expect(await phone.subscriber('alertas', '+34600000102')).toMatchObject({
      language: 'ca',
      attributes: { district: 'NORTE' },
    });
  });

  it('en: an invalid argument gets the list of valid values and subscribes nobody', async () => {
    const m = await phone.mo('34600000103', '21700', 'ALERTS south');
    expect(await phone.reply(m.id, '21700')).toBe(
      'Invalid option. Send ALERTS followed by one of: CENTRO, NORTE.',
    );
    expect(await phone.subscriber('alertas', '+34600000103')).toBeUndefined();
  });

  it('an ambiguous typo on a shared number gets the help listing its keywords', async () => {
    // FALAS is one letter from FALTAS (schools) and FALLAS (health): neither is guessed.
    const m = await phone.mo('34600000104', '21900', 'FALAS 4B');
    expect(await phone.reply(m.id, '21900')).toMatch(
      /^No hemos entendido tu mensaje\. Palabras disponibles: CITA, FALLAS, FALTAS\./,
    );
    expect(await phone.subscriber('faltas', '+34600000104')).toBeUndefined();
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
    const join = await phone.mo('34600000105', '21900', 'Faltes 4b');
    expect(await phone.reply(join.id, '21900')).toMatch(/respon SÍ en 24 hores/);
    expect(await phone.subscriber('faltas', '+34600000105')).toMatchObject({
      status: 'pending',
      language: 'ca',
    });
    const yes = await phone.mo('34600000105', '21900', 'Sí');
    expect(await phone.reply(yes.id, '21900')).toMatch(/^Alta confirmada a Avisos de faltas \(4B\)/);
    expect(await phone.subscriber('faltas', '+34600000105')).toMatchObject({
      status: 'active',
      attributes: { class: '4B' },
    });
    const [consent] =
      await t.sql`select inbound_message_id from consents c join subscribers s on s.id = c.subscriber_id
      where s.phone = '+34600000105'`;
    expect(consent?.inbound_message_id).toBe(yes.id);
  });

  it('STOP on a dedicated number: leaves the service, confirms, and the ledger rejects a later REST send', async () => {
    const stop = await phone.mo('34600000101', '21700', 'Baja');
    expect(await phone.reply(stop.id, '21700')).toMatch(/^Te has dado de baja de Alertas municipales/);
    expect(await phone.subscriber('alertas', '+34600000101')).toMatchObject({ status: 'opted_out' });
    const before = stack.simulator.submits.length;
    const id = await phone.restSend('ajuntament-alzira', {
      to: '+34600000101',
      text: 'Corte de agua mañana',
      service: 'alertas',
    });
    expect(await phone.finalStatus('ajuntament-alzira', id)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });
    expect(stack.simulator.submits.slice(before).some((s) => s.destination === '34600000101')).toBe(false);

    // START: back in, and the same send goes out.
    const start = await phone.mo('34600000101', '21700', 'ALTA');
    expect(await phone.reply(start.id, '21700')).toMatch(
      /^Has vuelto a darte de alta en Alertas municipales/,
    );
    expect(await phone.subscriber('alertas', '+34600000101')).toMatchObject({ status: 'active' });
    const again = await phone.restSend('ajuntament-alzira', {
      to: '+34600000101',
      text: 'Corte de agua',
      service: 'alertas',
    });
    expect(await phone.finalStatus('ajuntament-alzira', again)).toMatchObject({ status: 'delivered' });
  });

  it('HELP answers with the agency contact text, in the language used', async () => {
    const m = await phone.mo('34600000101', '21700', 'ajuda');
    expect(await phone.reply(m.id, '21700')).toBe(
      "Alertas municipales, servei de Ajuntament d'Alzira. Per a donar-te de baixa envia PROU.",
    );
  });

  it('STOP on a shared number leaves the service last heard from; STOP ALL leaves the rest', async () => {
    const p = '34600000106';
    await phone.reply((await phone.mo(p, '21900', 'cita')).id, '21900');
    await phone.reply((await phone.mo(p, '21900', 'faltas 4a')).id, '21900');
    await phone.reply((await phone.mo(p, '21900', 'si')).id, '21900');
    expect(await phone.subscriber('faltas', `+${p}`)).toMatchObject({ status: 'active' });
    // The health agency writes to the phone from the shared number: it is the one last heard from.
    const sent = await phone.restSend('salut-valencia', {
      to: `+${p}`,
      text: 'Su cita: lunes 9:00',
      from: '21900',
      service: 'citas',
    });
    expect(await phone.finalStatus('salut-valencia', sent)).toMatchObject({ status: 'delivered' });

    const stop = await phone.mo(p, '21900', 'STOP');
    expect(await phone.reply(stop.id, '21900')).toMatch(
      /^You have unsubscribed from Recordatorios de cita\./,
    );
    expect(await phone.subscriber('citas', `+${p}`)).toMatchObject({ status: 'opted_out' });
    expect(await phone.subscriber('faltas', `+${p}`)).toMatchObject({ status: 'active' });

    const all = await phone.mo(p, '21900', 'Baja todo');
    expect(await phone.reply(all.id, '21900')).toMatch(/^Te has dado de baja de /);
    expect(await phone.subscriber('faltas', `+${p}`)).toMatchObject({ status: 'opted_out' });
    const school = await phone.restSend('educacion-sevilla', {
      to: `+${p}`,
      text: 'Falta hoy',
      service: 'faltas',
    });
    expect(await phone.finalStatus('educacion-sevilla', school)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });
  });
});
