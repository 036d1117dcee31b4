import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  addInboundNumber,
  addKeyword,
  listSubscribers,
  noJobQueue,
  type ServiceContext,
} from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';
import { until, waitForBoundLink } from './support/wait.ts';

const waitFor = <T>(what: string, probe: () => Promise<T | undefined>) => until(what, probe, 20_000);

let t: TestDatabase;
let stack: Stack;
let ctx: ServiceContext;
const cli = { kind: 'cli' } as const;
/** Unmatched text this soon after our reply is taken for a machine's auto-reply (DEFAULT_INBOUND_LIMITS). */
const AUTO_REPLY_WINDOW_MS = 10_000;

beforeAll(async () => {
  t = await createTestDatabase('keywords_language_smpp_ledger');
  stack = await startStack({ databaseUrl: t.url });
  ctx = { db: t.db, queue: noJobQueue };
  // 21700 is dedicated to Alzira's city alerts, its keyword in three languages.
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
    },
    actor: cli,
  });
  await waitForBoundLink(stack, 30_000);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

/** Texts `text` from `phone` to `number` over SMPP and waits until the engine handled it. */
async function mo(phone: string, number: string, text: string) {
  expect(await stack.simulator.injectMo({ from: phone, to: number, text })).toEqual([0]);
  return waitFor(`MO "${text}" from ${phone} processed`, async () => {
    const [row] = await t.sql<Array<{ id: string }>>`
      select id from inbound_messages
      where source = ${`+${phone}`} and text = ${text} and processed_at is not null
      order by received_at desc limit 1`;
    return row;
  });
}

/** The reply to one MO, once the simulated SMSC received it from the number. */
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

const subscriber = async (phone: string) =>
  (await listSubscribers({ ctx, input: { serviceSlug: 'alertas' }, actor: cli })).subscribers.find(
    (s) => s.phone === phone,
  );

/** Waits out the auto-reply window so unmatched text is answered again. */
const pastAutoReplyWindow = () => new Promise((r) => setTimeout(r, AUTO_REPLY_WINDOW_MS + 1_500));

describe('IDIOMA changes the language of every later reply', () => {
  it('es -> IDIOMA CA -> Catalan replies -> IDIOMA EN -> English replies', async () => {
    const phone = '34600000201';
    const join = await mo(phone, '21700', 'alertas');
    expect(await reply(join.id, '21700')).toMatch(/^Alta confirmada en Alertas municipales\./);
    expect(await subscriber(`+${phone}`)).toMatchObject({ status: 'active', language: 'es' });

    const ca = await mo(phone, '21700', 'Idioma ca');
    expect(await reply(ca.id, '21700')).toBe('A partir d\u2019ara t\u2019escriurem en valencià/català.');
    expect(await subscriber(`+${phone}`)).toMatchObject({ status: 'active', language: 'ca' });
    await pastAutoReplyWindow();
    const hola = await mo(phone, '21700', 'hola');
    expect(await reply(hola.id, '21700')).toMatch(
      /^No hem entés el missatge\. Paraules disponibles: ALERTAS\./,
    );

    await pastAutoReplyWindow();
    const en = await mo(phone, '21700', 'IDIOMA EN');
    expect(await reply(en.id, '21700')).toBe('From now on we will write to you in English.');
    expect(await subscriber(`+${phone}`)).toMatchObject({ status: 'active', language: 'en' });
    await pastAutoReplyWindow();
    const again = await mo(phone, '21700', 'que tal');
    expect(await reply(again.id, '21700')).toMatch(
      /^We did not understand your message\. Keywords: ALERTAS\./,
    );
  }, 90_000);
});

describe('binary MO is not keyword text', () => {
  it('8-bit "BAJA" is stored and marked handled: no opt-out, no reply, nobody assigned', async () => {
    const phone = '34600000204';
    expect(
      await stack.simulator.injectMo({
        from: phone,
        to: '21700',
        dataCoding: 0x04,
        bytes: Buffer.from('BAJA', 'ascii'),
      }),
    ).toEqual([0]);
    const row = await waitFor('binary MO processed', async () => {
      const [m] = await t.sql<Array<{ id: string; data_coding: number; tenant_id: string | null }>>`
        select id, data_coding, tenant_id from inbound_messages
        where source = ${`+${phone}`} and processed_at is not null`;
      return m;
    });
    // Handled in the same transaction as any reply: a reply would exist by now.
    expect(row).toMatchObject({ data_coding: 0x04, tenant_id: null });
    const replies =
      await t.sql`select id from messages where in_reply_to = ${row.id} or to_phone = ${`+${phone}`}`;
    expect(replies).toEqual([]);
    const optOuts = await t.sql`select id from opt_outs where phone = ${`+${phone}`}`;
    expect(optOuts).toEqual([]);
    expect(stack.simulator.submits.some((s) => s.destination === phone)).toBe(false);
  });
});
