import type { TestDatabase } from '@pregon/db/testing';
import { createSmppClient } from '@pregon/services';
import { EsmeSession } from '@pregon/smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../stack.ts';
import {
  addAlziraAlerts,
  type Citizen,
  type CitizenStack,
  cli,
  startCitizenStack,
} from './support/citizen.ts';

// Issue #5 rules no other infra test drives over SMPP: the ledger on the SMPP-client send path,
// floods, empty MO, MO to a number nobody registered, and a concatenated MO matched as one keyword.

let e2e: CitizenStack;
let t: TestDatabase;
let stack: Stack;
let phone: Citizen;

beforeAll(async () => {
  e2e = await startCitizenStack('keywords_abuse_smpp_ledger');
  ({ t, stack, phone } = e2e);
  await addAlziraAlerts(e2e.ctx);
  await createSmppClient({
    ctx: e2e.ctx,
    input: { agencySlug: 'ajuntament-alzira', systemId: 'alzira-his', password: 'e2e-pw' },
    actor: cli,
  });
}, 90_000);

afterAll(async () => {
  await e2e?.stop();
});

describe('the opt-out ledger on the SMPP-client path', () => {
  it("an agency system's submit_sm to a phone that texted PROU ends rejected opted_out, never at the carrier", async () => {
    const p = '34600000501';
    await phone.reply((await phone.mo(p, '21700', 'alertes')).id, '21700');
    const stop = await phone.mo(p, '21700', 'PROU');
    expect(await phone.reply(stop.id, '21700')).toMatch(/^T'has donat de baixa de Alertas municipales/);
    const atCarrier = stack.simulator.submits.filter((s) => s.destination === p).length;

    const session = new EsmeSession({
      host: '127.0.0.1',
      port: stack.gateway.smppListener.port,
      systemId: 'alzira-his',
      password: 'e2e-pw',
    });
    session.start();
    try {
      const submit = (to: string) =>
        session.submit({
          sourceAddr: '21700',
          sourceTon: 3,
          sourceNpi: 0,
          destAddr: to,
          destTon: 1,
          destNpi: 1,
          dataCoding: 0,
          esmClass: 0,
          registeredDelivery: 1,
          shortMessage: Buffer.from('Corte de agua manana', 'latin1'),
        });
      const blocked = await submit(p);
      const sent = await submit('34600000502');
      if (blocked.kind !== 'accepted' || sent.kind !== 'accepted') throw new Error('submit refused');
      const status = (id: string) =>
        phone.waitFor(`message ${id} final`, async () => {
          const [m] = await t.sql<{ status: string; reason: string | null; origin: string }[]>`
            select status, reason, origin from messages where id = ${id}`;
          return m && ['delivered', 'rejected', 'failed'].includes(m.status) ? m : undefined;
        });
      expect(await status(blocked.rawMessageId)).toEqual({
        status: 'rejected',
        reason: 'opted_out',
        origin: 'smpp',
      });
      // The other phone's copy went out after it, so the blocked one had every chance to.
      expect(await status(sent.rawMessageId)).toMatchObject({ status: 'delivered' });
      expect(stack.simulator.submits.filter((s) => s.destination === p)).toHaveLength(atCarrier);
    } finally {
      await session.stop();
    }
  });
});

describe('floods, empty and odd MO over SMPP', () => {
  it('a flooding phone gets one "slow down", then silence; its STOP is still honoured, silently', async () => {
    const p = '34600000511';
    // Ten MO within the window: answered or not (text seconds after our reply looks like a machine's
    // auto-reply), they count; the eleventh is the flood.
    for (let i = 1; i <= 10; i++) await phone.mo(p, '21700', `hola ${i}`);
    const over = await phone.mo(p, '21700', 'hola 11');
    expect(await phone.reply(over.id, '21700')).toBe(
      'Has enviado muchos mensajes seguidos. No responderemos durante unos minutos.',
    );
    await phone.noReply((await phone.mo(p, '21700', 'hola 12')).id);
    const stop = await phone.mo(p, '21700', 'BAJA');
    await phone.noReply(stop.id);
    const [optOut] = await t.sql`select revoked_at from opt_outs where phone = ${`+${p}`}`;
    expect(optOut).toEqual({ revoked_at: null });
    const reasons = await t.sql<{ reason: string; n: number }[]>`
      select detail->>'reason' as reason, count(*)::int as n from audit_events
      where action = 'inbound.unanswered' and detail->>'phone' = ${`+${p}`} and detail->>'reason' = 'rate_limited'
      group by 1`;
    expect(reasons).toEqual([{ reason: 'rate_limited', n: 3 }]);
    const texts = phone.textsTo(p);
    expect(texts.filter((x) => x.startsWith('Has enviado muchos mensajes'))).toHaveLength(1);
    expect(texts.at(-1)).toMatch(/^Has enviado muchos mensajes/);
  });

  it('empty MO, and MO to a number nobody registered, are stored and handled without a reply', async () => {
    const p = '34600000521';
    const empty = await phone.mo(p, '21700', '');
    const stray = await phone.mo(p, '29999', 'BAJA');
    for (const m of [empty, stray]) {
      await phone.noReply(m.id);
      expect(m.tenant_id).toBeNull();
    }
    expect(await t.sql`select id from opt_outs where phone = ${`+${p}`}`).toEqual([]);
    expect(phone.textsTo(p)).toEqual([]);
  });

  it('a concatenated MO is reassembled before matching: ALER + TES is the Catalan keyword', async () => {
    const p = '34600000531';
    // SMPP 3.4 esm_class UDHI; 3GPP TS 23.040 concatenation IE, 8-bit reference 9, two parts.
    const part = (seq: number, text: string) =>
      Buffer.concat([Uint8Array.of(5, 0x00, 3, 9, 2, seq), Buffer.from(text, 'latin1')]);
    for (const [seq, text] of [
      [2, 'TES'],
      [1, 'ALER'],
    ] as const)
      expect(
        await stack.simulator.injectMo({
          from: p,
          to: '21700',
          dataCoding: 0,
          esmClass: 0x40,
          bytes: part(seq, text),
        }),
      ).toEqual([0]);
    const m = await phone.waitFor('the joined MO handled', async () => {
      const [row] = await t.sql<{ id: string; text: string; parts: number }[]>`
        select id, text, parts from inbound_messages where source = ${`+${p}`} and processed_at is not null`;
      return row;
    });
    expect(m).toMatchObject({ text: 'ALERTES', parts: 2 });
    expect(await phone.reply(m.id, '21700')).toMatch(/^Alta confirmada a Alertas municipales\./);
    expect(await phone.subscriber('alertas', `+${p}`, 'ajuntament-alzira')).toMatchObject({
      status: 'active',
      language: 'ca',
    });
  });
});
