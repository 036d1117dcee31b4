import type { TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../stack.ts';
import { addAlziraAlerts, type Citizen, type CitizenStack, startCitizenStack } from './support/citizen.ts';

let e2e: CitizenStack;
let t: TestDatabase;
let stack: Stack;
let phone: Citizen;
/** Unmatched text this soon after our reply is taken for a machine's auto-reply (DEFAULT_INBOUND_LIMITS). */
const AUTO_REPLY_WINDOW_MS = 10_000;

beforeAll(async () => {
  e2e = await startCitizenStack('keywords_language_smpp_ledger');
  ({ t, stack, phone } = e2e);
  // 21700 is dedicated to Alzira's city alerts, its keyword in three languages.
  await addAlziraAlerts(e2e.ctx);
}, 90_000);

afterAll(async () => {
  await e2e?.stop();
});

/** Waits out the auto-reply window so unmatched text is answered again. */
const pastAutoReplyWindow = () => new Promise((r) => setTimeout(r, AUTO_REPLY_WINDOW_MS + 1_500));

describe('IDIOMA changes the language of every later reply', () => {
  it('es -> IDIOMA CA -> Catalan replies -> IDIOMA EN -> English replies', async () => {
    const p = '34600000201';
    const join = await phone.mo(p, '21700', 'alertas');
    expect(await phone.reply(join.id, '21700')).toMatch(/^Alta confirmada en Alertas municipales\./);
    expect(await phone.subscriber('alertas', `+${p}`)).toMatchObject({ status: 'active', language: 'es' });

    const ca = await phone.mo(p, '21700', 'Idioma ca');
    expect(await phone.reply(ca.id, '21700')).toBe(
      'A partir d\u2019ara t\u2019escriurem en valencià/català.',
    );
    expect(await phone.subscriber('alertas', `+${p}`)).toMatchObject({ status: 'active', language: 'ca' });
    await pastAutoReplyWindow();
    const hola = await phone.mo(p, '21700', 'hola');
    expect(await phone.reply(hola.id, '21700')).toMatch(
      /^No hem entés el missatge\. Paraules disponibles: ALERTAS\./,
    );

    await pastAutoReplyWindow();
    const en = await phone.mo(p, '21700', 'IDIOMA EN');
    expect(await phone.reply(en.id, '21700')).toBe('From now on we will write to you in English.');
    expect(await phone.subscriber('alertas', `+${p}`)).toMatchObject({ status: 'active', language: 'en' });
    await pastAutoReplyWindow();
    const again = await phone.mo(p, '21700', 'que tal');
    expect(await phone.reply(again.id, '21700')).toMatch(
      /^We did not understand your message\. Keywords: ALERTAS\./,
    );
  }, 90_000);
});

describe('binary MO is not keyword text', () => {
  it('8-bit "BAJA" is stored and marked handled: no opt-out, no reply, nobody assigned', async () => {
    const p = '34600000204';
    expect(
      await stack.simulator.injectMo({
        from: p,
        to: '21700',
        dataCoding: 0x04,
        bytes: Buffer.from('BAJA', 'ascii'),
      }),
    ).toEqual([0]);
    const row = await phone.waitFor('binary MO processed', async () => {
      const [m] = await t.sql<Array<{ id: string; data_coding: number; tenant_id: string | null }>>`
        select id, data_coding, tenant_id from inbound_messages
        where source = ${`+${p}`} and processed_at is not null`;
      return m;
    });
    // Handled in the same transaction as any reply: a reply would exist by now.
    expect(row).toMatchObject({ data_coding: 0x04, tenant_id: null });
    const replies =
      await t.sql`select id from messages where in_reply_to = ${row.id} or to_phone = ${`+${p}`}`;
    expect(replies).toEqual([]);
    const optOuts = await t.sql`select id from opt_outs where phone = ${`+${p}`}`;
    expect(optOuts).toEqual([]);
    expect(stack.simulator.submits.some((s) => s.destination === p)).toBe(false);
  });
});
