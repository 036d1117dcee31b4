// biome-ignore lint/style/noRestrictedImports: tests read the golden captures from disk; src stays pure.
import { readFileSync } from 'node:fs';
// biome-ignore lint/style/noRestrictedImports: as above, to locate ../shared beside the repository root.
import path from 'node:path';
// biome-ignore lint/style/noRestrictedImports: as above.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeShortMessage } from './decode-short-message.ts';
import { type EncodeOptions, encodeMessage } from './encode-message.ts';

// PDUs captured from Kannel 1.4.5 and Net::SMPP 1.19; see ../shared/fixtures/smpp/README.md.
interface PduRecord {
  name: string;
  fields: {
    esm_class?: number;
    data_coding?: number;
    short_message_hex?: string;
    tlvs?: Record<string, string>;
  };
  text: string | null;
  alphabet?: 'gsm7' | 'ucs2' | 'binary';
  udh_hex?: string;
  quirk?: string;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = path.resolve(repoRoot, '../shared/fixtures/smpp/pdus.jsonl');
const records: PduRecord[] = readFileSync(fixtures, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as PduRecord);
const byName = new Map(records.map((r) => [r.name, r]));

const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('hex') : null);

// The text sits in short_message, or in message_payload (TLV 0x0424) when sm_length is 0.
function userData(record: PduRecord): Uint8Array | null {
  const shortMessage = record.fields.short_message_hex;
  if (shortMessage) return fromHex(shortMessage);
  const payload = record.fields.tlvs?.['0x0424'];
  return payload === undefined ? null : fromHex(payload);
}

function record(name: string): PduRecord {
  const found = byName.get(name);
  if (!found) throw new Error(`fixture ${name} is missing`);
  return found;
}

const textMessages = records.filter(
  (r) => (r.alphabet === 'gsm7' || r.alphabet === 'ucs2') && userData(r) !== null,
);

describe('golden PDUs: decoding', () => {
  it('covers the text messages of the capture', () => {
    expect(textMessages.length).toBeGreaterThanOrEqual(25);
  });

  it.each(textMessages.map((r) => [r.name, r] as const))('%s decodes to its text', (_, r) => {
    const bytes = userData(r) ?? new Uint8Array(0);
    const esmClass = r.fields.esm_class ?? 0;
    const decoded = decodeShortMessage(r.fields.data_coding ?? 0, bytes, { udhi: esmClass & 0x40 });
    expect(decoded.text).toBe(r.text);
    expect(decoded.alphabet).toBe(r.alphabet);
    expect(hex(decoded.udh?.raw ?? null)).toBe(r.udh_hex ?? null);
  });

  it('reads the binary port-addressed PDU as binary', () => {
    const r = record('kannel_submit_sm_binary_udh_ports');
    const decoded = decodeShortMessage(r.fields.data_coding ?? 0, userData(r) ?? new Uint8Array(0), {
      udhi: true,
    });
    expect(decoded.alphabet).toBe('binary');
    expect(hex(decoded.udh?.raw ?? null)).toBe(r.udh_hex);
  });

  it("survives Kannel's split surrogate pair and rejoins it by code units", () => {
    const parts = ['kannel_submit_sm_ucs2_concat_part1', 'kannel_submit_sm_ucs2_concat_part2'].map((name) => {
      const r = record(name);
      return decodeShortMessage(8, userData(r) ?? new Uint8Array(0), { udhi: true }).text;
    });
    expect(parts.join('')).toBe(`${'b'.repeat(66)}😀 fin del mensaje`);
  });
});

describe('golden PDUs: our encoder gives the same bytes', () => {
  const join = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => record(`${prefix}_part${i + 1}`).text ?? '').join('');

  it.each<[string, string, EncodeOptions]>([
    ['single GSM 7-bit', 'kannel_submit_sm_gsm7_dlr', { policy: 'auto' }],
    ['extension characters', 'kannel_submit_sm_gsm7_extension', { policy: 'gsm7' }],
    ['ñ and € in GSM 7-bit', 'netsmpp_deliver_sm_mo_gsm7_forced', { policy: 'auto' }],
    ['UCS-2 with emoji', 'kannel_submit_sm_ucs2_emoji', { policy: 'auto' }],
    ['UCS-2', 'netsmpp_submit_sm_ucs2', { policy: 'ucs2' }],
  ])('%s (%s)', (_, name, opts) => {
    const r = record(name);
    const result = encodeMessage(r.text ?? '', opts);
    expect(result.ok && result.value.segments.map((s) => hex(s.bytes))).toEqual([r.fields.short_message_hex]);
    expect(result.ok && result.value.dataCoding).toBe(r.fields.data_coding);
  });

  it.each<[string, number, EncodeOptions]>([
    ['kannel_submit_sm_concat_gsm7', 2, { policy: 'auto', reference: 0x02 }],
    ['netsmpp_deliver_sm_mo_udh8', 2, { policy: 'auto', reference: 0xdc }],
    ['netsmpp_deliver_sm_mo_udh16', 3, { policy: 'ucs2', reference: 0x5add, referenceBits: 16 }],
  ])('concatenated %s', (prefix, count, opts) => {
    const result = encodeMessage(join(prefix, count), opts);
    const expected = Array.from(
      { length: count },
      (_, i) => record(`${prefix}_part${i + 1}`).fields.short_message_hex,
    );
    expect(result.ok && result.value.segments.map((s) => hex(s.bytes))).toEqual(expected);
    expect(result.ok && result.value.esmClassUdhi).toBe(true);
  });

  it('keeps the surrogate pair that Kannel split (quirk kannel-ucs2-surrogate-split)', () => {
    const text = `${'b'.repeat(66)}😀 fin del mensaje`;
    const result = encodeMessage(text, { policy: 'auto', reference: 4 });
    const segments = result.ok ? result.value.segments : [];
    expect(hex(segments[0]?.bytes ?? null)).toBe(`050003040201${'0062'.repeat(66)}`);
    expect(hex(segments[1]?.payload ?? null)?.startsWith('d83dde00')).toBe(true);
    expect(hex(segments[0]?.bytes ?? null)).not.toBe(
      record('kannel_submit_sm_ucs2_concat_part1').fields.short_message_hex,
    );
  });
});
