import type { TestDatabase } from '@pregon/db/testing';
import type { JobPayload } from '@pregon/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import type { ServiceContext } from '../context.ts';
import { addKeyword } from '../keywords/add.ts';
import { addInboundNumber } from '../numbers/add.ts';
import { redactAgency } from '../retention/redact-agency.ts';
import { createService } from '../services/create.ts';
import { setConversation } from '../services/set-conversation.ts';
import { startInboundEngine, type TestInboundEngine } from '../testing/inbound-engine.ts';
import { listConversationReplies } from './list.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let engine: TestInboundEngine;
const cli = { kind: 'cli' } as const;
const tenants: Record<string, string> = {};
const serviceIds: Record<string, string> = {};

beforeAll(async () => {
  // Replies in these tests follow each other within seconds; the storm guard is tested elsewhere.
  engine = await startInboundEngine('services_conversations');
  ({ t, ctx } = engine);
  for (const [agency, name, service, type, keyword] of [
    ['salut', 'Conselleria de Sanitat', 'citas', 'health', 'CITA'],
    ['escoles', 'Escoles de Valencia', 'faltas', 'education', 'FALTAS'],
  ] as const) {
    tenants[agency] = (await createAgency({ ctx, input: { slug: agency, name }, actor: cli })).id;
    await createService({
      ctx,
      input: { agencySlug: agency, slug: service, name: service.toUpperCase(), type },
      actor: cli,
    });
    await addInboundNumber({ ctx, input: { agencySlug: agency, number: '21900' }, actor: cli });
    await addKeyword({
      ctx,
      input: {
        number: '21900',
        serviceSlug: service,
        keyword,
        ...(agency === 'escoles' ? { doubleOptIn: true, arg: { attribute: 'class', values: ['4B'] } } : {}),
      },
      actor: { kind: 'cli' },
    });
    const [row] = await t.sql<{ id: string }[]>`select id from services where slug = ${service}`;
    serviceIds[service] = row?.id ?? '';
    await t.sql`insert into webhooks (tenant_id, url, events, secret)
      values (${tenants[agency] ?? ''}, 'https://example.test/hook', ${['message.reply', 'message.inbound']}, 's')`;
  }
  await setConversation({
    ctx,
    input: {
      agencySlug: 'salut',
      serviceSlug: 'citas',
      answers: {
        confirm: { es: 'Cita confirmada.', ca: 'Cita confirmada, gràcies.', en: 'Appointment confirmed.' },
        cancel: { es: 'Cita anulada.', ca: 'Cita anul·lada.' },
      },
    },
    actor: cli,
  });
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  engine.jobs.length = 0;
});

/** A message a service sent the phone from 21900, `hoursAgo` before now; returns its id. */
async function sent(service: 'citas' | 'faltas', phone: string, hoursAgo: number, reference: string) {
  const tenant = service === 'citas' ? tenants.salut : tenants.escoles;
  const at = new Date(Date.now() - hoursAgo * 3_600_000);
  const [m] = await t.sql<{ id: string }[]>`insert into messages
      (tenant_id, service_id, to_phone, from_addr, body, reference, status, created_at)
    values (${tenant ?? ''}, ${serviceIds[service] ?? ''}, ${phone}, '21900', 'Recordatorio', ${reference},
      'delivered', ${at.toISOString()}) returning id`;
  if (!m) throw new Error('no message');
  return m.id;
}

async function subscribe(service: 'citas' | 'faltas', phone: string, language: 'es' | 'ca' | 'en') {
  const tenant = service === 'citas' ? tenants.salut : tenants.escoles;
  await t.sql`insert into subscribers (tenant_id, service_id, phone, status, language)
    values (${tenant ?? ''}, ${serviceIds[service] ?? ''}, ${phone}, 'active', ${language})`;
}

/** Stores and processes one MO to 21900 now; returns its id. */
const mo = (source: string, text: string) => engine.mo({ source, destination: '21900', text });

const routed = (phone: string) =>
  t.sql<{ service: string; message_id: string; intent: string; argument: string | null; language: string }[]>`
    select s.slug as service, r.message_id, r.intent, r.argument, r.language from conversation_replies r
    join services s on s.id = r.service_id where r.phone = ${phone} order by r.created_at, r.id`;
const answers = (phone: string) =>
  t.sql<{ body: string }[]>`select body from messages where to_phone = ${phone} and in_reply_to is not null
    order by created_at`;

function events(type: string): Array<{ tenantId: string; data: Record<string, unknown> }> {
  return engine.jobs
    .filter((j) => j.name === 'webhook.deliver')
    .flatMap((j) => {
      const p = j.payload as JobPayload<'webhook.deliver'>;
      return p.events.filter((e) => e.type === type).map((e) => ({ tenantId: p.tenantId, data: e.data }));
    });
}

describe('conversation handler', () => {
  it('on a shared number a reply goes to the service that wrote last, with the message it answers', async () => {
    const phone = '+34600100001';
    await sent('citas', phone, 5, 'cita-1');
    const faltas = await sent('faltas', phone, 1, 'falta-77');
    const moId = await mo(phone, 'Justifico: estaba con fiebre');
    expect(await routed(phone)).toEqual([
      {
        service: 'faltas',
        message_id: faltas,
        intent: 'justify',
        argument: 'estaba con fiebre',
        language: 'es',
      },
    ]);
    const [reply] = events('message.reply');
    expect(reply?.tenantId).toBe(tenants.escoles);
    expect(reply?.data).toMatchObject({
      inboundMessageId: moId,
      messageId: faltas,
      reference: 'falta-77',
      service: 'faltas',
      from: phone,
      intent: 'justify',
      argument: 'estaba con fiebre',
      text: 'Justifico: estaba con fiebre',
    });
    expect(events('message.reply')).toHaveLength(1);
    expect(events('message.inbound').map((e) => e.data.kind)).toEqual(['reply']);
    // Faltas configured no answer: none is sent.
    expect(await answers(phone)).toEqual([]);
    const [mine] = await t.sql<
      { tenant_id: string }[]
    >`select tenant_id from inbound_messages where id = ${moId}`;
    expect(mine?.tenant_id).toBe(tenants.escoles);
  });

  it('SI, NO, CONFIRMAR and CANCEL·LAR are read as intents, and answered in the subscriber language', async () => {
    const es = '+34600100002';
    await subscribe('citas', es, 'es');
    const cita = await sent('citas', es, 2, 'cita-2');
    await mo(es, 'SI');
    await mo(es, 'no');
    await mo(es, 'Confirmar');
    expect((await routed(es)).map((r) => [r.intent, r.message_id])).toEqual([
      ['confirm', cita],
      ['decline', cita],
      ['confirm', cita],
    ]);
    expect((await answers(es)).map((a) => a.body)).toEqual(['Cita confirmada.', 'Cita confirmada.']);

    const ca = '+34600100003';
    await subscribe('citas', ca, 'ca');
    await sent('citas', ca, 2, 'cita-3');
    await mo(ca, "D'acord");
    await mo(ca, 'cancel·lar');
    expect((await routed(ca)).map((r) => [r.intent, r.language])).toEqual([
      ['confirm', 'ca'],
      ['cancel', 'ca'],
    ]);
    expect((await answers(ca)).map((a) => a.body)).toEqual(['Cita confirmada, gràcies.', 'Cita anul·lada.']);

    const en = '+34600100004';
    await subscribe('citas', en, 'en');
    await sent('citas', en, 2, 'cita-4');
    await mo(en, 'Yes');
    // No English cancel answer configured: the Spanish one stands in.
    await mo(en, 'CANCELAR');
    expect((await answers(en)).map((a) => a.body)).toEqual(['Appointment confirmed.', 'Cita anulada.']);
  });

  it('bare CANCEL stays a STOP word, even right after a service message', async () => {
    const phone = '+34600100005';
    await sent('citas', phone, 1, 'cita-5');
    await mo(phone, 'CANCEL');
    expect(await routed(phone)).toEqual([]);
    const [o] = await t.sql<{ service_id: string }[]>`select service_id from opt_outs where phone = ${phone}`;
    expect(o?.service_id).toBe(serviceIds.citas);
  });

  it('outside the window (72 h, or the service own) a reply gets the help reply and is not routed', async () => {
    const phone = '+34600100006';
    await sent('citas', phone, 73, 'cita-old');
    await mo(phone, 'SI');
    expect(await routed(phone)).toEqual([]);
    expect((await answers(phone))[0]?.body).toMatch(/No hemos entendido/);
    expect(events('message.reply')).toEqual([]);

    await setConversation({
      ctx,
      input: { agencySlug: 'escoles', serviceSlug: 'faltas', windowHours: 2 },
      actor: cli,
    });
    const other = '+34600100007';
    await sent('faltas', other, 3, 'falta-old');
    await mo(other, 'Justificar');
    expect(await routed(other)).toEqual([]);
    await sent('faltas', other, 1, 'falta-new');
    await mo(other, 'Justificar');
    expect((await routed(other)).map((r) => r.intent)).toEqual(['justify']);
  });

  it('a pending double opt-in takes the SI before any conversation', async () => {
    const phone = '+34600100008';
    await sent('citas', phone, 1, 'cita-8');
    await mo(phone, 'FALTAS 4B');
    await mo(phone, 'SI');
    const [sub] = await t.sql<{ status: string }[]>`select status from subscribers where phone = ${phone}`;
    expect(sub?.status).toBe('active');
    expect(await routed(phone)).toEqual([]);
    // The next SI, with nothing pending, answers the appointment.
    await mo(phone, 'SI');
    expect((await routed(phone)).map((r) => r.service)).toEqual(['citas']);
  });

  it('free text is routed as text; automatic replies and signup codes are not messages to answer', async () => {
    const phone = '+34600100009';
    const cita = await sent('citas', phone, 10, 'cita-9');
    // Newer, but an automatic reply (in_reply_to): the reply still answers the appointment.
    await t.sql`insert into messages (tenant_id, service_id, to_phone, from_addr, body, status, in_reply_to)
      values (${tenants.escoles ?? ''}, ${serviceIds.faltas ?? ''}, ${phone}, '21900', 'x', 'delivered', gen_random_uuid())`;
    await t.sql`insert into messages (tenant_id, service_id, to_phone, from_addr, body, status, signup_verification_id)
      values (${tenants.escoles ?? ''}, ${serviceIds.faltas ?? ''}, ${phone}, '21900', '123456', 'delivered', gen_random_uuid())`;
    await mo(phone, 'Llegaré diez minutos tarde');
    expect(await routed(phone)).toEqual([
      {
        service: 'citas',
        message_id: cita,
        intent: 'text',
        argument: 'Llegaré diez minutos tarde',
        language: 'es',
      },
    ]);
  });

  it('lists replies per message and per service, only to their own agency', async () => {
    const phone = '+34600100010';
    const cita = await sent('citas', phone, 1, 'cita-10');
    await mo(phone, 'SI');
    const byMessage = await listConversationReplies({
      ctx,
      tenantId: tenants.salut ?? '',
      input: { messageId: cita },
    });
    expect(byMessage).toMatchObject([
      { messageId: cita, reference: 'cita-10', service: 'citas', from: phone, text: 'SI', intent: 'confirm' },
    ]);
    const byService = await listConversationReplies({
      ctx,
      tenantId: tenants.salut ?? '',
      input: { serviceSlug: 'citas', limit: 200 },
    });
    expect(byService.every((r) => r.service === 'citas')).toBe(true);
    expect(byService[0]?.messageId).toBe(cita);
    const page = await listConversationReplies({
      ctx,
      tenantId: tenants.salut ?? '',
      input: { serviceSlug: 'citas', before: byService[0]?.id ?? '' },
    });
    expect(page[0]?.id).toBe(byService[1]?.id);
    await expect(
      listConversationReplies({ ctx, tenantId: tenants.escoles ?? '', input: { messageId: cita } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const theirs = await listConversationReplies({ ctx, tenantId: tenants.escoles ?? '', input: {} });
    expect(theirs.every((r) => r.service === 'faltas')).toBe(true);
  });

  it('retention masks replies and deletes signup verifications past the agency period', async () => {
    const phone = '+34600100011';
    const falta = await sent('faltas', phone, 1, 'falta-11');
    await mo(phone, 'Justifico: cita médica');
    await t.sql`insert into signup_verifications (tenant_id, service_id, phone, code_hash, expires_at, ip, language)
      values (${tenants.escoles ?? ''}, ${serviceIds.faltas ?? ''}, ${phone}, 'h', now(), '198.51.100.7', 'es')`;
    const purged = await redactAgency(t.db, tenants.escoles ?? '', {
      cutoff: new Date(Date.now() + 60_000),
      from: null,
      batchSize: 100,
      idempotencyCutoff: new Date(0),
    });
    expect(purged.conversationReplies).toBeGreaterThanOrEqual(1);
    expect(purged.signupVerifications).toBe(1);
    const [r] = await t.sql<{ phone: string; argument: string | null }[]>`
      select phone, argument from conversation_replies where message_id = ${falta}`;
    expect(r).toEqual({ phone: '+34******011', argument: null });
    const left = await t.sql`select 1 from signup_verifications where tenant_id = ${tenants.escoles ?? ''}`;
    expect(left).toHaveLength(0);
    // The other agency keeps its own until its own purge.
    const [salut] = await t.sql<{ n: number }[]>`select count(*)::int as n from conversation_replies
      where tenant_id = ${tenants.salut ?? ''} and phone not like '%*%'`;
    expect(salut?.n).toBeGreaterThan(0);
  });
});
