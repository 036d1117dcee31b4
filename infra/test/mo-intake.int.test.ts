import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { TLV_SAR_MSG_REF_NUM, TLV_SAR_SEGMENT_SEQNUM, TLV_SAR_TOTAL_SEGMENTS } from '@pregon/smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';
import { waitForBoundLink } from './support/wait.ts';

let t: TestDatabase;
let stack: Stack;
const REASSEMBLY_MS = 1_500;

beforeAll(async () => {
  t = await createTestDatabase('mo_intake');
  stack = await startStack({ databaseUrl: t.url, gateway: { moReassemblyMs: REASSEMBLY_MS } });
  await waitForBoundLink(stack, 15_000);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

// SMPP 3.4 §5.2.12 esm_class 0x40: short_message starts with a UDH.
const UDHI = 0x40;
// 3GPP TS 23.040 §9.2.3.24.1 (IE 0x00, 8-bit ref) and .8 (IE 0x08, 16-bit ref).
const udh8 = (ref: number, total: number, seq: number) => Uint8Array.of(5, 0x00, 3, ref, total, seq);
const udh16 = (ref: number, total: number, seq: number) =>
  Uint8Array.of(6, 0x08, 4, ref >> 8, ref & 0xff, total, seq);
// GSM 03.38 at data_coding 0: one septet per octet, and these ASCII letters share their code points.
const gsmPart = (udh: Uint8Array, text: string) => Buffer.concat([udh, Buffer.from(text, 'latin1')]);
const ucs2 = (text: string) => Buffer.from(text, 'utf16le').swap16();

const rowsFrom = (source: string) =>
  t.sql`select text, parts, complete, missing, data_coding from inbound_messages where source = ${source}`;

describe('MO from a carrier bind, concatenated (DESIGN: SMPP facts 11)', () => {
  it('stores UDH parts that arrive out of order as ONE message with the whole text', async () => {
    const mo = { from: '34600000031', to: '215', dataCoding: 0, esmClass: UDHI };
    expect(
      await stack.simulator.injectMo({ ...mo, bytes: gsmPart(udh8(7, 2, 2), 'alta en ALERTAS CENTRO') }),
    ).toEqual([0]);
    expect(await rowsFrom('+34600000031')).toHaveLength(0); // held for the rest, not stored as a message
    expect(
      await stack.simulator.injectMo({ ...mo, bytes: gsmPart(udh8(7, 2, 1), 'Quiero darme de ') }),
    ).toEqual([0]);
    // The completing part's deliver_sm_resp came after the commit: the row is there without waiting.
    expect(await rowsFrom('+34600000031')).toEqual([
      {
        text: 'Quiero darme de alta en ALERTAS CENTRO',
        parts: 2,
        complete: true,
        missing: [],
        data_coding: 0,
      },
    ]);
  });

  it('joins SAR TLV parts in UCS-2 the same way', async () => {
    const sar = (seq: number) => [
      { tag: TLV_SAR_MSG_REF_NUM, value: Uint8Array.of(0x01, 0x2c) },
      { tag: TLV_SAR_TOTAL_SEGMENTS, value: Uint8Array.of(2) },
      { tag: TLV_SAR_SEGMENT_SEQNUM, value: Uint8Array.of(seq) },
    ];
    const mo = { from: '34600000032', to: '215', dataCoding: 0x08 };
    await stack.simulator.injectMo({ ...mo, bytes: ucs2('Sí, confirmo '), tlvs: sar(1) });
    await stack.simulator.injectMo({ ...mo, bytes: ucs2('la cita 🙂'), tlvs: sar(2) });
    expect(await rowsFrom('+34600000032')).toEqual([
      { text: 'Sí, confirmo la cita 🙂', parts: 2, complete: true, missing: [], data_coding: 8 },
    ]);
  });

  it('stores what arrived, complete=false with the gap, once the reassembly timeout passes', async () => {
    const mo = { from: '34600000033', to: '215', dataCoding: 0, esmClass: UDHI };
    await stack.simulator.injectMo({ ...mo, bytes: gsmPart(udh16(0x1234, 3, 1), 'BAJA ') });
    await stack.simulator.injectMo({ ...mo, bytes: gsmPart(udh16(0x1234, 3, 3), ' CENTRO') });
    const startedAt = Date.now();
    let rows = await rowsFrom('+34600000033');
    while (rows.length === 0 && Date.now() - startedAt < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await rowsFrom('+34600000033');
    }
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(REASSEMBLY_MS - 200);
    expect(rows).toEqual([
      { text: 'BAJA … CENTRO', parts: 3, complete: false, missing: [2], data_coding: 0 },
    ]);
  });
});
