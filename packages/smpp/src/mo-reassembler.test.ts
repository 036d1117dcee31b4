import { encodeGsm7, encodeUcs2 } from '@pregon/sms';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameOf, loadGoldenPdus } from '../test/golden.ts';
import { messageBody } from '../test/message-body.ts';
import { type InboundMessage, toInboundMessage } from './inbound-message.ts';
import { MoReassembler, type MoReassemblerOptions, type ReassembledMo } from './mo-reassembler.ts';
import { decodePdu } from './pdu-codec.ts';
import type { Tlv } from './tlv.ts';

function collector(opts: Partial<MoReassemblerOptions> = {}) {
  const out: ReassembledMo[] = [];
  let clock = 0;
  const r = new MoReassembler({ onMessage: (m) => out.push(m), now: () => clock, ...opts });
  return { r, out, advance: (ms: number) => (clock += ms) };
}

function inbound(golden: { hex: string }): InboundMessage {
  const decoded = decodePdu(frameOf({ hex: golden.hex } as Parameters<typeof frameOf>[0]));
  if (!decoded.ok || decoded.pdu.message === undefined) throw new Error('golden PDU did not decode');
  return toInboundMessage(decoded.pdu.message);
}

type Via = 'udh8' | 'udh16' | 'sar';

/** One part of a concatenated MO as a phone or SMSC would send it. */
function part(bytes: Uint8Array, dc: number, via: Via, ref: number, total: number, seq: number) {
  if (via === 'sar') {
    const tlvs: Tlv[] = [
      { tag: 0x020c, value: Uint8Array.of(ref >> 8, ref & 0xff) },
      { tag: 0x020e, value: Uint8Array.of(total) },
      { tag: 0x020f, value: Uint8Array.of(seq) },
    ];
    return toInboundMessage(messageBody({ esmClass: 0, dataCoding: dc, shortMessage: bytes, tlvs }));
  }
  // A foreign IE (0x0a text formatting) before the concat IE: the concat IE may sit anywhere in the UDH.
  const ies =
    via === 'udh8'
      ? [0x0a, 2, 0, 0, 0x00, 3, ref & 0xff, total, seq]
      : [0x08, 4, ref >> 8, ref & 0xff, total, seq, 0x0a, 2, 0, 0];
  const udh = Uint8Array.from([ies.length, ...ies]);
  const shortMessage = new Uint8Array(udh.length + bytes.length);
  shortMessage.set(udh);
  shortMessage.set(bytes, udh.length);
  return toInboundMessage(messageBody({ esmClass: 0x40, dataCoding: dc, shortMessage }));
}

describe('MoReassembler with the golden PDUs', () => {
  const golden = loadGoldenPdus();
  const groups = new Map<string, typeof golden>();
  for (const g of golden) {
    const m = /^(.*)_part\d+$/.exec(g.name);
    if (m?.[1] !== undefined && (g.command === 'deliver_sm' || g.command === 'submit_sm')) {
      groups.set(m[1], [...(groups.get(m[1]) ?? []), g]);
    }
  }

  it('finds the concatenated groups of the fixtures', () => {
    expect([...groups.keys()].sort()).toEqual([
      'kannel_submit_sm_concat_gsm7',
      'kannel_submit_sm_ucs2_concat',
      'netsmpp_deliver_sm_mo_sar',
      'netsmpp_deliver_sm_mo_udh16',
      'netsmpp_deliver_sm_mo_udh8',
    ]);
  });

  for (const [name, parts] of groups) {
    it(`reassembles ${name} in order and reversed to the sent text`, () => {
      const sent = parts.map((p) => p.text ?? '').join('');
      for (const order of [parts, [...parts].reverse()]) {
        const { r, out } = collector();
        for (const p of order) r.push(inbound(p));
        expect(out).toHaveLength(1);
        expect(out[0]?.text).toBe(sent);
        expect(out[0]?.complete).toBe(true);
        expect(out[0]?.parts).toBe(parts.length);
        expect(r.pending).toBe(0);
      }
    });
  }

  it('joins Kannel UCS-2 parts at the code-unit level: the split emoji comes back whole', () => {
    const { r, out } = collector();
    for (const p of groups.get('kannel_submit_sm_ucs2_concat') ?? []) r.push(inbound(p));
    expect(out[0]?.text.endsWith('b😀 fin del mensaje')).toBe(true);
  });

  it('delivers single MOs at once, message_payload included', () => {
    const { r, out } = collector();
    for (const name of ['netsmpp_deliver_sm_mo_message_payload', 'netsmpp_deliver_sm_mo_gsm7_forced']) {
      const g = golden.find((x) => x.name === name);
      if (g === undefined) throw new Error(`missing fixture ${name}`);
      r.push(inbound(g));
      expect(out.at(-1)).toMatchObject({ text: g.text, complete: true, parts: 1, missing: [] });
    }
    expect(out[0]?.text).toBe('Resultados: participación 61,2 % y más info en la web.');
  });
});

describe('MoReassembler timeouts, duplicates and bounds', () => {
  const gsm = (s: string) => {
    const e = encodeGsm7(s);
    if (!e.ok) throw new Error('not GSM');
    return e.septets;
  };

  it('delivers what arrived after the timeout, marking the missing part', () => {
    const { r, out, advance } = collector({ timeoutMs: 60_000 });
    r.push(part(gsm('uno '), 0, 'udh8', 7, 3, 1));
    r.push(part(gsm('tres'), 0, 'udh8', 7, 3, 3));
    advance(59_999);
    expect(r.sweep()).toBe(0);
    expect(out).toHaveLength(0);
    advance(1);
    expect(r.sweep()).toBe(1);
    expect(out[0]).toMatchObject({ text: 'uno …tres', complete: false, missing: [2], parts: 3 });
    expect(r.pending).toBe(0);
  });

  it('ignores duplicates, also a part redelivered after its message completed', () => {
    const { r, out } = collector();
    const p1 = part(gsm('Hola '), 0, 'sar', 0x5ade, 2, 1);
    const p2 = part(gsm('mundo'), 0, 'sar', 0x5ade, 2, 2);
    r.push(p1);
    r.push(p1);
    r.push(p2);
    r.push(p2);
    expect(out.map((m) => m.text)).toEqual(['Hola mundo']);
    expect(r.duplicates).toBe(2);
    expect(r.pending).toBe(0);
  });

  it('keeps groups apart by source, destination, reference and total', () => {
    const { r, out } = collector();
    r.push(part(gsm('A1'), 0, 'udh8', 1, 2, 1));
    r.push(part(gsm('B1'), 0, 'udh8', 2, 2, 1));
    r.push(part(gsm('C1'), 0, 'udh8', 1, 3, 1));
    r.push(part(gsm('B2'), 0, 'udh8', 2, 2, 2));
    r.push(part(gsm('A2'), 0, 'udh8', 1, 2, 2));
    expect(out.map((m) => m.text)).toEqual(['B1B2', 'A1A2']);
    expect(r.pending).toBe(1);
  });

  it('evicts the oldest group, incomplete, past maxPending', () => {
    const { r, out } = collector({ maxPending: 2 });
    for (let ref = 1; ref <= 3; ref++) r.push(part(gsm(`r${ref}`), 0, 'udh8', ref, 2, 1));
    expect(out).toEqual([expect.objectContaining({ text: 'r1…', complete: false, missing: [2] })]);
    expect(r.pending).toBe(2);
  });

  it('evicts past maxPendingOctets so hostile parts cannot grow memory', () => {
    const { r, out } = collector({ maxPendingOctets: 100 });
    for (let ref = 0; ref < 10; ref++) r.push(part(new Uint8Array(40).fill(0x41), 0, 'udh16', ref, 9, 1));
    expect(r.pending).toBeLessThanOrEqual(2);
    expect(out.length).toBeGreaterThanOrEqual(8);
  });

  it('flush delivers everything still waiting', () => {
    const { r, out } = collector({ missingMarker: '' });
    r.push(part(gsm('solo'), 0, 'udh16', 300, 2, 2));
    r.flush();
    expect(out[0]).toMatchObject({ text: 'solo', complete: false, missing: [1] });
  });
});

describe('MoReassembler properties', () => {
  const gsmText = fc
    .array(fc.constantFrom(...'Hola ñandu é ¿¡ €{}[]~^|\\ 0123456789@$_'.split('')), { maxLength: 400 })
    .map((a) => a.join(''));
  const ucsText = fc.string({ unit: 'grapheme', maxLength: 200 });

  it('reassembles any split, order and duplication back to the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          gsmText.map((t) => ({ t, dc: 0, bytes: gsmBytes(t), unit: 1 })),
          ucsText.map((t) => ({ t, dc: 8, bytes: encodeUcs2(t), unit: 2 })),
        ),
        fc.constantFrom<Via>('udh8', 'udh16', 'sar'),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.infiniteStream(fc.nat()),
        ({ t, dc, bytes, unit }, via, cutSeeds, ref, dupSeeds, shuffle) => {
          // Cuts on code-unit boundaries (surrogate pairs and ESC pairs may be split, as foreign splitters do).
          const units = bytes.length / unit;
          const cuts = [...new Set(cutSeeds.map((c) => (c % (units + 1)) * unit))].sort((a, b) => a - b);
          const bounds = [0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
          const chunks = bounds.slice(1).map((end, i) => bytes.subarray(bounds[i] ?? 0, end));
          const total = chunks.length;
          const parts = chunks.map((c, i) => part(c, dc, via, ref, total, i + 1));
          // A one-part message is a single MO: repeating it is a new message, not reassembly's duplicate.
          const dups = total === 1 ? [] : dupSeeds;
          const sends = [...parts, ...dups.map((d) => parts[d % total] ?? parts[0])];
          const it = shuffle[Symbol.iterator]();
          for (let i = sends.length - 1; i > 0; i--) {
            const j = (it.next().value ?? 0) % (i + 1);
            [sends[i], sends[j]] = [sends[j], sends[i]];
          }
          const { r, out } = collector();
          for (const s of sends) if (s !== undefined) r.push(s);
          expect(out).toHaveLength(1);
          expect(out[0]?.text).toBe(t);
          expect(out[0]?.complete).toBe(true);
          expect(r.pending).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

function gsmBytes(t: string): Uint8Array {
  const e = encodeGsm7(t);
  if (!e.ok) throw new Error(`not GSM: ${e.characters.join('')}`);
  return e.septets;
}
