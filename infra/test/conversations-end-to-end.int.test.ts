import { randomBytes } from 'node:crypto';
import type { TestDatabase } from '@pregon/db/testing';
import {
  addKeyword,
  createCarrierSecrets,
  createService,
  type ServiceContext,
  setConversation,
} from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../stack.ts';
import {
  addAlziraAlerts,
  agePhone,
  type Citizen,
  type CitizenStack,
  cli,
  shareNumber,
  startCitizenStack,
} from './support/citizen.ts';
import { startWebhookReceiver } from './support/webhook-receiver.ts';

// Issue #5 "Done means", the rules keywords-end-to-end and keywords-language-and-smpp-ledger leave
// out: conversation replies, double opt-in in es/en and its timeout, typos and accents in ca/en,
// ambiguous typos in ca/en, shared-number routing, STOP words in ca/en and STOP after a conversation.

let e2e: CitizenStack;
let t: TestDatabase;
let stack: Stack;
let ctx: ServiceContext;
let phone: Citizen;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
const SHARED = '21900';
const DEDICATED = '21700';

beforeAll(async () => {
  hooks = await startWebhookReceiver();
  e2e = await startCitizenStack('conversations_e2e', {
    secrets: createCarrierSecrets(randomBytes(32)),
    webhooks: { allowLoopback: true },
  });
  ({ t, stack, ctx, phone } = e2e);
  await addAlziraAlerts(ctx);
  // 21900 is shared by a health agency (appointments, Fallas notices, screening) and a school board.
  await shareNumber(ctx, SHARED);
  for (const [slug, name] of [
    ['fallas', 'Avisos Fallas'],
    ['cribado', 'Cribado de cáncer'],
  ] as const)
    await createService({
      ctx,
      input: { agencySlug: 'salut-valencia', slug, name, type: 'custom' },
      actor: cli,
    });
  await addKeyword({
    ctx,
    input: {
      number: SHARED,
      serviceSlug: 'citas',
      keyword: 'CITA',
      aliases: [
        { word: 'CITES', language: 'ca' },
        { word: 'APPOINTMENT', language: 'en' },
      ],
    },
    actor: cli,
  });
  await addKeyword({
    ctx,
    input: {
      number: SHARED,
      serviceSlug: 'fallas',
      keyword: 'FALLAS',
      aliases: [{ word: 'FALLES', language: 'ca' }],
    },
    actor: cli,
  });
  // CANCER is one letter from the STOP word CANCEL: a typo between them must be neither.
  await addKeyword({
    ctx,
    input: {
      number: SHARED,
      serviceSlug: 'cribado',
      keyword: 'CRIBADO',
      aliases: [{ word: 'CANCER', language: 'en' }],
    },
    actor: cli,
  });
  await addKeyword({
    ctx,
    input: {
      number: SHARED,
      serviceSlug: 'faltas',
      keyword: 'FALTAS',
      aliases: [
        { word: 'FALTES', language: 'ca' },
        { word: 'ABSENCES', language: 'en' },
      ],
      arg: { attribute: 'class', values: ['4A', '4B'] },
      doubleOptIn: true,
    },
    actor: cli,
  });
  await setConversation({
    ctx,
    input: {
      agencySlug: 'salut-valencia',
      serviceSlug: 'citas',
      answers: {
        confirm: { es: 'Cita confirmada.', ca: 'Cita confirmada, gràcies.', en: 'Appointment confirmed.' },
        cancel: { es: 'Cita anulada.', ca: 'Cita anul·lada.' },
      },
    },
    actor: cli,
  });
  await setConversation({
    ctx,
    input: {
      agencySlug: 'educacion-sevilla',
      serviceSlug: 'faltas',
      answers: { justify: { es: 'Justificación recibida.', en: 'Justification received.' } },
    },
    actor: cli,
  });
  const events = ['message.reply', 'message.inbound'];
  await hooks.register(stack, 'salut-valencia', '/salut', events);
  await hooks.register(stack, 'educacion-sevilla', '/escuelas', events);
}, 90_000);

afterAll(async () => {
  await e2e?.stop();
  await hooks?.close();
});

/**
 * The citizen joined earlier: texts the keyword, gets the answer, then two hours pass (so the
 * engine's reply-storm guard, which ignores unmatched text seconds after our own reply, is not what
 * a later reply meets).
 */
async function joined(from: string, number: string, text: string): Promise<string> {
  const body = await phone.reply((await phone.mo(from, number, text)).id, number);
  await agePhone(t, `+${from}`, 2);
  return body;
}

/** A service writes to the phone from the shared number; returns the message id once delivered. */
async function serviceWrites(agency: string, service: string, to: string, text: string, reference: string) {
  const id = await phone.restSend(agency, { to: `+${to}`, text, from: SHARED, service, reference });
  expect(await phone.finalStatus(agency, id)).toMatchObject({ status: 'delivered' });
  return id;
}

const replyEvent = (from: string) => (e: { type: string; data: Record<string, unknown> }) =>
  e.type === 'message.reply' && e.data.from === `+${from}`;

describe('conversation replies over SMPP (a citizen answers a service message)', () => {
  it('es: CONFIRMAR reaches the agency as message.reply with its message id; the answer arrives', async () => {
    const p = '34600000301';
    await joined(p, SHARED, 'cita');
    const sent = await serviceWrites(
      'salut-valencia',
      'citas',
      p,
      'Su cita: lunes 9:00. Responda CONFIRMAR o CANCELAR',
      'cita-301',
    );
    const m = await phone.mo(p, SHARED, 'Confirmar');
    expect(await phone.reply(m.id, SHARED)).toBe('Cita confirmada.');
    const [event] = await hooks.events('/salut', replyEvent(p));
    expect(event?.data).toMatchObject({
      inboundMessageId: m.id,
      messageId: sent,
      reference: 'cita-301',
      service: 'citas',
      to: SHARED,
      text: 'Confirmar',
      intent: 'confirm',
      argument: null,
      language: 'es',
    });
    await hooks.events(
      '/salut',
      (e) => e.type === 'message.inbound' && e.data.inboundMessageId === m.id && e.data.kind === 'reply',
    );
    const [reply] =
      await t.sql`select message_id, intent from conversation_replies where inbound_message_id = ${m.id}`;
    expect(reply).toEqual({ message_id: sent, intent: 'confirm' });
  });

  it("ca: D'ACORD and SÍ from a Catalan subscriber are confirmations, answered in Catalan", async () => {
    const p = '34600000302';
    expect(await joined(p, SHARED, 'Cites')).toMatch(/^Alta confirmada a Recordatorios de cita\./);
    const sent = await serviceWrites('salut-valencia', 'citas', p, 'Cita dilluns 9:00', 'cita-302');
    const acord = await phone.mo(p, SHARED, "D'acord");
    expect(await phone.reply(acord.id, SHARED)).toBe('Cita confirmada, gràcies.');
    // SÍ is the double opt-in word too; with nothing pending it answers the message.
    const si = await phone.mo(p, SHARED, 'Sí');
    expect(await phone.reply(si.id, SHARED)).toBe('Cita confirmada, gràcies.');
    const events = await hooks.events('/salut', replyEvent(p), 2);
    expect(events.map((e) => [e.data.messageId, e.data.intent, e.data.language])).toEqual([
      [sent, 'confirm', 'ca'],
      [sent, 'confirm', 'ca'],
    ]);
    expect(await phone.subscriber('citas', `+${p}`, 'salut-valencia')).toMatchObject({
      status: 'active',
      language: 'ca',
    });
  });

  it('en: YES from an English subscriber gets the English answer', async () => {
    const p = '34600000303';
    expect(await joined(p, SHARED, 'appointment')).toMatch(/^You are subscribed to Recordatorios de cita\./);
    const sent = await serviceWrites('salut-valencia', 'citas', p, 'Appointment Monday 9:00', 'cita-303');
    const yes = await phone.mo(p, SHARED, 'YES!');
    expect(await phone.reply(yes.id, SHARED)).toBe('Appointment confirmed.');
    const [event] = await hooks.events('/salut', replyEvent(p));
    expect(event?.data).toMatchObject({ messageId: sent, intent: 'confirm', language: 'en' });
  });

  it('a shared number routes each reply to the service that wrote last; STOP then leaves that one', async () => {
    const p = '34600000304';
    await joined(p, SHARED, 'cita');
    await serviceWrites('salut-valencia', 'citas', p, 'Su cita: martes 10:00', 'cita-304');
    const falta = await serviceWrites(
      'educacion-sevilla',
      'faltas',
      p,
      'Su hijo faltó hoy. Responda JUSTIFICAR y el motivo',
      'falta-304',
    );

    const justify = await phone.mo(p, SHARED, 'Justificar: estaba con fiebre');
    expect(await phone.reply(justify.id, SHARED)).toBe('Justificación recibida.');
    const [school] = await hooks.events('/escuelas', replyEvent(p));
    expect(school?.data).toMatchObject({
      messageId: falta,
      reference: 'falta-304',
      service: 'faltas',
      intent: 'justify',
      argument: 'estaba con fiebre',
    });
    expect(justify.tenant_id).not.toBeNull();

    // The health agency writes again: now it is the one a reply answers.
    await agePhone(t, `+${p}`, 2);
    const cita = await serviceWrites('salut-valencia', 'citas', p, 'Nueva cita: jueves 12:00', 'cita-304b');
    const cancel = await phone.mo(p, SHARED, 'CANCELAR');
    expect(await phone.reply(cancel.id, SHARED)).toBe('Cita anulada.');
    const [health] = await hooks.events('/salut', replyEvent(p));
    expect(health?.data).toMatchObject({ messageId: cita, service: 'citas', intent: 'cancel' });
    // Each agency heard only its own reply.
    expect(hooks.received.filter((r) => r.path === '/escuelas' && replyEvent(p)(r.event))).toHaveLength(1);
    expect(hooks.received.filter((r) => r.path === '/salut' && replyEvent(p)(r.event))).toHaveLength(1);

    // The school writes last; an English justification goes to it, answered in English (no subscription there).
    await agePhone(t, `+${p}`, 2);
    await serviceWrites('educacion-sevilla', 'faltas', p, 'Su hijo faltó hoy', 'falta-304b');
    const en = await phone.mo(p, SHARED, 'justify doctor appointment');
    expect(await phone.reply(en.id, SHARED)).toBe('Justification received.');
    await hooks.events('/escuelas', (e) => replyEvent(p)(e) && e.data.argument === 'doctor appointment');

    // STOP after that conversation leaves the school's service, not the appointments.
    const stop = await phone.mo(p, SHARED, 'stop');
    expect(await phone.reply(stop.id, SHARED)).toMatch(/^You have unsubscribed from Avisos de faltas\./);
    const school2 = await phone.restSend('educacion-sevilla', {
      to: `+${p}`,
      text: 'Falta',
      service: 'faltas',
      from: SHARED,
    });
    expect(await phone.finalStatus('educacion-sevilla', school2)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });
    expect(await phone.subscriber('citas', `+${p}`, 'salut-valencia')).toMatchObject({ status: 'active' });
    const health2 = await phone.restSend('salut-valencia', {
      to: `+${p}`,
      text: 'Cita',
      service: 'citas',
      from: SHARED,
    });
    expect(await phone.finalStatus('salut-valencia', health2)).toMatchObject({ status: 'delivered' });
  });

  it('a reply after the window, or with no service message, gets the help and reaches no handler', async () => {
    const p = '34600000305';
    await joined(p, SHARED, 'cita');
    await serviceWrites('salut-valencia', 'citas', p, 'Su cita: viernes', 'cita-305');
    await agePhone(t, `+${p}`, 73);
    const late = await phone.mo(p, SHARED, 'confirmar');
    expect(await phone.reply(late.id, SHARED)).toMatch(/^No hemos entendido tu mensaje\./);
    const rows = await t.sql`select id from conversation_replies where inbound_message_id = ${late.id}`;
    expect(rows).toEqual([]);
  });
});

describe('double opt-in over SMPP', () => {
  it('es: a SI after 24 hours does not confirm; joining again and SI within 24 hours does', async () => {
    const p = '34600000311';
    const join = await phone.mo(p, SHARED, 'FALTAS 4A');
    expect(await phone.reply(join.id, SHARED)).toBe(
      'Para confirmar tu alta en Avisos de faltas responde SI en 24 horas.',
    );
    expect(await phone.subscriber('faltas', `+${p}`, 'educacion-sevilla')).toMatchObject({
      status: 'pending',
    });
    await agePhone(t, `+${p}`, 25);

    const late = await phone.mo(p, SHARED, 'SI');
    expect(await phone.reply(late.id, SHARED)).toMatch(
      /^No hemos entendido tu mensaje\. Palabras disponibles: /,
    );
    expect(await phone.subscriber('faltas', `+${p}`, 'educacion-sevilla')).toMatchObject({
      status: 'pending',
    });
    const consents = await t.sql`select c.id from consents c join subscribers s on s.id = c.subscriber_id
      where s.phone = ${`+${p}`}`;
    expect(consents).toEqual([]);
    const sent = await phone.restSend('educacion-sevilla', {
      to: `+${p}`,
      text: 'Falta',
      service: 'faltas',
      from: SHARED,
    });
    expect(await phone.finalStatus('educacion-sevilla', sent)).toMatchObject({ status: 'delivered' });

    await agePhone(t, `+${p}`, 2);
    const again = await phone.mo(p, SHARED, 'faltas 4a');
    expect(await phone.reply(again.id, SHARED)).toMatch(/responde SI en 24 horas/);
    const yes = await phone.mo(p, SHARED, 'si');
    expect(await phone.reply(yes.id, SHARED)).toBe(
      'Alta confirmada en Avisos de faltas (4A). Para darte de baja envía BAJA.',
    );
    expect(await phone.subscriber('faltas', `+${p}`, 'educacion-sevilla')).toMatchObject({
      status: 'active',
      attributes: { class: '4A' },
    });
    const [consent] = await t.sql`select c.inbound_message_id from consents c
      join subscribers s on s.id = c.subscriber_id where s.phone = ${`+${p}`}`;
    expect(consent?.inbound_message_id).toBe(yes.id);
  });

  it('en: YES within 24 hours confirms, in English', async () => {
    const p = '34600000312';
    const join = await phone.mo(p, SHARED, 'Absences 4B');
    expect(await phone.reply(join.id, SHARED)).toBe(
      'To confirm your subscription to Avisos de faltas reply YES within 24 hours.',
    );
    const yes = await phone.mo(p, SHARED, 'yes');
    expect(await phone.reply(yes.id, SHARED)).toBe(
      'You are subscribed to Avisos de faltas (4B). To unsubscribe send STOP.',
    );
    expect(await phone.subscriber('faltas', `+${p}`, 'educacion-sevilla')).toMatchObject({
      status: 'active',
      language: 'en',
    });
  });
});

describe('typos, accents and shared-number collisions over SMPP', () => {
  it('es, ca, en: one typo or accents on a keyword still subscribe, replying in that language', async () => {
    const cases = [
      ['34600000321', 'alretas', 'es', 'Alta confirmada en Alertas municipales.'],
      ['34600000322', '¡Alèrtes!', 'ca', 'Alta confirmada a Alertas municipales.'],
      ['34600000323', 'ALERTEES', 'ca', 'Alta confirmada a Alertas municipales.'],
      ['34600000324', 'Alérts', 'en', 'You are subscribed to Alertas municipales.'],
      ['34600000325', 'alerst', 'en', 'You are subscribed to Alertas municipales.'],
    ] as const;
    for (const [p, text, language, answer] of cases) {
      const m = await phone.mo(p, DEDICATED, text);
      expect(await phone.reply(m.id, DEDICATED)).toMatch(new RegExp(`^${answer.replace(/\./g, '\\.')}`));
      expect(await phone.subscriber('alertas', `+${p}`, 'ajuntament-alzira')).toMatchObject({
        status: 'active',
        language,
      });
    }
  });

  it('on the shared number each word reaches its own agency, typos and accents included', async () => {
    const p = '34600000331';
    const school = await phone.mo(p, SHARED, 'Fàltez 4b');
    expect(await phone.reply(school.id, SHARED)).toBe(
      "Per a confirmar l'alta a Avisos de faltas respon SÍ en 24 hores.",
    );
    const health = await phone.mo(p, SHARED, 'FALLAS');
    expect(await phone.reply(health.id, SHARED)).toMatch(/^Alta confirmada en Avisos Fallas\./);
    const [a, b] = await t.sql<
      { slug: string }[]
    >`select a.slug from inbound_messages m join agencies a on a.id = m.tenant_id
      where m.id in ${t.sql([school.id, health.id])} order by m.received_at`;
    expect([a?.slug, b?.slug]).toEqual(['educacion-sevilla', 'salut-valencia']);
    expect(await phone.subscriber('faltas', `+${p}`, 'educacion-sevilla')).toMatchObject({
      status: 'pending',
      language: 'ca',
    });
    // An English variant already taken on the number by the other agency is refused.
    await expect(
      addKeyword({
        ctx,
        input: {
          number: SHARED,
          serviceSlug: 'citas',
          keyword: 'VACUNA',
          aliases: [{ word: 'absences', language: 'en' }],
        },
        actor: cli,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('ca: an ambiguous typo (FALES: FALTES or FALLES) subscribes nobody; a Catalan phone gets the help in Catalan', async () => {
    const p = '34600000341';
    await joined(p, SHARED, 'Falles');
    const m = await phone.mo(p, SHARED, 'FALES 4B');
    expect(await phone.reply(m.id, SHARED)).toMatch(/^No hem entés el missatge\. Paraules disponibles: /);
    expect(await phone.subscriber('faltas', `+${p}`, 'educacion-sevilla')).toBeUndefined();
  });

  it('en: a typo between the STOP word CANCEL and the keyword CANCER neither stops nor subscribes', async () => {
    const p = '34600000342';
    await joined(p, SHARED, 'appointment');
    const m = await phone.mo(p, SHARED, 'Cancek');
    expect(await phone.reply(m.id, SHARED)).toMatch(/^We did not understand your message\. Keywords: /);
    expect(await phone.subscriber('cribado', `+${p}`, 'salut-valencia')).toBeUndefined();
    expect(await phone.subscriber('citas', `+${p}`, 'salut-valencia')).toMatchObject({ status: 'active' });
    expect(await t.sql`select id from opt_outs where phone = ${`+${p}`}`).toEqual([]);
  });
});

describe('STOP words in ca and en over SMPP', () => {
  it('after BAJA TODO on the shared number, texting a keyword again rejoins that service for real', async () => {
    const p = '34600000353';
    await joined(p, SHARED, 'cita');
    await joined(p, SHARED, 'fallas');
    const all = await phone.mo(p, SHARED, 'baja todo');
    expect(await phone.reply(all.id, SHARED)).toMatch(/^Te has dado de baja de /);
    const back = await phone.mo(p, SHARED, 'CITA');
    expect(await phone.reply(back.id, SHARED)).toMatch(/^Alta confirmada en Recordatorios de cita\./);
    expect(await phone.subscriber('citas', `+${p}`, 'salut-valencia')).toMatchObject({ status: 'active' });
    // The appointments the citizen asked for again reach the phone from the number it texted...
    const cita = await phone.restSend('salut-valencia', {
      to: `+${p}`,
      text: 'Su cita: lunes',
      service: 'citas',
      from: SHARED,
    });
    expect(await phone.finalStatus('salut-valencia', cita)).toMatchObject({ status: 'delivered' });
    // ...and the service it did not rejoin, or a message naming no service, still do not.
    const fallas = await phone.restSend('salut-valencia', {
      to: `+${p}`,
      text: 'Mascletà',
      service: 'fallas',
      from: SHARED,
    });
    expect(await phone.finalStatus('salut-valencia', fallas)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });
    const bare = await phone.restSend('salut-valencia', { to: `+${p}`, text: 'Aviso', from: SHARED });
    expect(await phone.finalStatus('salut-valencia', bare)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });
  });

  it('ca PROU leaves the dedicated service; en START brings the phone back', async () => {
    const p = '34600000351';
    await joined(p, DEDICATED, 'alertes');
    const stop = await phone.mo(p, DEDICATED, 'Prou.');
    expect(await phone.reply(stop.id, DEDICATED)).toMatch(/^T'has donat de baixa de Alertas municipales\./);
    expect(await phone.subscriber('alertas', `+${p}`, 'ajuntament-alzira')).toMatchObject({
      status: 'opted_out',
    });
    const start = await phone.mo(p, DEDICATED, 'start');
    expect(await phone.reply(start.id, DEDICATED)).toMatch(
      /^You are subscribed again to Alertas municipales\./,
    );
    expect(await phone.subscriber('alertas', `+${p}`, 'ajuntament-alzira')).toMatchObject({
      status: 'active',
    });
  });

  it('en UNSUBSCRIBE leaves; ca PROU TOT on the shared number leaves every agency there', async () => {
    const p = '34600000352';
    await joined(p, DEDICATED, 'alerts');
    const out = await phone.mo(p, DEDICATED, 'Unsubscribe');
    expect(await phone.reply(out.id, DEDICATED)).toMatch(/^You have unsubscribed from Alertas municipales\./);

    await joined(p, SHARED, 'fallas');
    await joined(p, SHARED, 'cita');
    const all = await phone.mo(p, SHARED, 'prou tot');
    expect(await phone.reply(all.id, SHARED)).toMatch(/^T'has donat de baixa de /);
    expect(await phone.subscriber('fallas', `+${p}`, 'salut-valencia')).toMatchObject({
      status: 'opted_out',
    });
    expect(await phone.subscriber('citas', `+${p}`, 'salut-valencia')).toMatchObject({ status: 'opted_out' });
    const school = await phone.restSend('educacion-sevilla', {
      to: `+${p}`,
      text: 'Falta',
      service: 'faltas',
      from: SHARED,
    });
    expect(await phone.finalStatus('educacion-sevilla', school)).toMatchObject({
      status: 'rejected',
      reason: 'opted_out',
    });
  });
});
