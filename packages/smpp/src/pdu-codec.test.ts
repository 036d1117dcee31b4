import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameOf, loadGoldenPdus } from '../test/golden.ts';
import { type CommandName, decodePdu, encodeMessagePdu, encodePdu } from './pdu-codec.ts';

const golden = loadGoldenPdus();

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('decodePdu over the 51 golden PDUs (Kannel, Net::SMPP)', () => {
  it.each(golden.map((g) => [g.name, g] as const))('%s', (_name, g) => {
    const d = decodePdu(frameOf(g));
    if (!d.ok) throw new Error(d.reason);
    const f = g.fields;
    expect(d.pdu.command).toBe(g.command);
    expect(d.pdu.header).toEqual({
      commandLength: f.command_length,
      commandId: f.command_id,
      status: f.command_status,
      sequence: f.sequence_number,
    });
    if ('message_id' in f) expect(d.pdu.messageId).toBe(f.message_id);
    if ('system_id' in f) expect(d.pdu.systemId).toBe(f.system_id);
    if ('password' in f) expect(d.pdu.password).toBe(f.password);
    const m = d.pdu.message;
    if (g.command === 'submit_sm' || g.command === 'deliver_sm') {
      expect(m).toMatchObject({
        serviceType: f.service_type,
        sourceTon: f.source_addr_ton,
        sourceAddr: f.source_addr,
        destAddr: f.destination_addr,
        esmClass: f.esm_class,
        scheduleDeliveryTime: f.schedule_delivery_time,
        validityPeriod: f.validity_period,
        registeredDelivery: f.registered_delivery,
        dataCoding: f.data_coding,
      });
      expect(hex(m?.shortMessage ?? new Uint8Array())).toBe(f.short_message_hex);
      const tlvs = Object.fromEntries(
        (m?.tlvs ?? []).map((t) => [`0x${t.tag.toString(16).padStart(4, '0')}`, hex(t.value)]),
      );
      expect(tlvs).toEqual(f.tlvs ?? {});
      expect(Object.keys(tlvs)).toEqual(Object.keys(f.tlvs ?? {})); // wire order kept
    }
  });
});

describe('encoding reproduces golden bytes', () => {
  const simple = golden.filter((g) =>
    ['enquire_link', 'enquire_link_resp', 'unbind', 'unbind_resp', 'generic_nack', 'submit_sm_resp'].includes(
      g.command,
    ),
  );
  it.each(simple.map((g) => [g.name, g] as const))('%s', (_name, g) => {
    const f = g.fields;
    const fields = typeof f.message_id === 'string' ? { message_id: f.message_id } : {};
    expect(hex(encodePdu(g.command as CommandName, f.sequence_number, fields, f.command_status))).toBe(g.hex);
  });

  const messages = golden.filter(
    (g) =>
      (g.command === 'submit_sm' || g.command === 'deliver_sm') && g.fields.schedule_delivery_time === '',
  );
  it.each(messages.map((g) => [g.name, g] as const))('%s', (_name, g) => {
    const f = g.fields as Record<string, unknown> & typeof g.fields;
    const bytes = encodeMessagePdu(g.command as 'submit_sm' | 'deliver_sm', f.sequence_number, {
      serviceType: f.service_type as string,
      sourceTon: f.source_addr_ton as number,
      sourceNpi: f.source_addr_npi as number,
      sourceAddr: f.source_addr as string,
      destTon: f.dest_addr_ton as number,
      destNpi: f.dest_addr_npi as number,
      destAddr: f.destination_addr as string,
      esmClass: f.esm_class as number,
      protocolId: f.protocol_id as number,
      priority: f.priority_flag as number,
      validityPeriod: f.validity_period as string,
      registeredDelivery: f.registered_delivery as number,
      dataCoding: f.data_coding as number,
      shortMessage: Buffer.from(f.short_message_hex as string, 'hex'),
      tlvs: Object.entries(f.tlvs ?? {}).map(([tag, v]) => ({
        tag: Number(tag),
        value: Buffer.from(v, 'hex'),
      })),
    });
    expect(hex(bytes)).toBe(g.hex);
  });

  it('writes submit_sm and deliver_sm octet for octet as the smpp package would, and reads its message_id back', () => {
    const addr = fc.string({ unit: fc.constantFrom(...'0123456789ABCZaz +'), maxLength: 20 });
    fc.assert(
      fc.property(
        fc.constantFrom('submit_sm' as const, 'deliver_sm' as const),
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.record({
          serviceType: fc.constantFrom('', 'VMA', 'CMT'),
          sourceTon: fc.integer({ min: 0, max: 255 }),
          sourceNpi: fc.integer({ min: 0, max: 255 }),
          sourceAddr: addr,
          destTon: fc.integer({ min: 0, max: 255 }),
          destNpi: fc.integer({ min: 0, max: 255 }),
          destAddr: addr,
          esmClass: fc.integer({ min: 0, max: 255 }),
          protocolId: fc.integer({ min: 0, max: 255 }),
          priority: fc.integer({ min: 0, max: 3 }),
          validityPeriod: fc.constantFrom('', '000000010000000R', '261126103000000+'),
          registeredDelivery: fc.integer({ min: 0, max: 255 }),
          dataCoding: fc.integer({ min: 0, max: 255 }),
          shortMessage: fc.uint8Array({ maxLength: 254 }),
          tlvs: fc.array(
            fc.record({
              tag: fc.integer({ min: 0x1400, max: 0x3fff }),
              value: fc.uint8Array({ maxLength: 8 }),
            }),
            { maxLength: 2 },
          ),
        }),
        (command, sequence, m) => {
          const ours = encodeMessagePdu(command, sequence, m);
          const theirs = encodePdu(
            command,
            sequence,
            {
              service_type: m.serviceType,
              source_addr_ton: m.sourceTon,
              source_addr_npi: m.sourceNpi,
              source_addr: m.sourceAddr,
              dest_addr_ton: m.destTon,
              dest_addr_npi: m.destNpi,
              destination_addr: m.destAddr,
              esm_class: m.esmClass,
              protocol_id: m.protocolId,
              priority_flag: m.priority,
              validity_period: m.validityPeriod,
              registered_delivery: m.registeredDelivery,
              data_coding: m.dataCoding,
              short_message: Buffer.from(m.shortMessage),
            },
            0,
            m.tlvs,
          );
          expect(hex(ours)).toBe(hex(theirs));
        },
      ),
      { numRuns: 300 },
    );
    const resp = encodePdu('submit_sm_resp', 7, { message_id: '0A1b2C' });
    expect(decodePdu(resp)).toMatchObject({
      ok: true,
      pdu: { command: 'submit_sm_resp', messageId: '0A1b2C' },
    });
  });

  it('rejects caller mistakes instead of writing a broken PDU', () => {
    const base = {
      sourceTon: 1,
      sourceNpi: 1,
      sourceAddr: '1',
      destTon: 1,
      destNpi: 1,
      destAddr: '2',
      esmClass: 0,
      registeredDelivery: 0,
      dataCoding: 0,
    };
    expect(() => encodeMessagePdu('submit_sm', 1, { ...base, shortMessage: new Uint8Array(255) })).toThrow(
      RangeError,
    );
    expect(() =>
      encodeMessagePdu('submit_sm', 1, { ...base, shortMessage: new Uint8Array(1), validityPeriod: '1h' }),
    ).toThrow(RangeError);
  });
});

describe('decodePdu never throws on peer input', () => {
  it('every golden PDU truncated at every length (command_length patched)', () => {
    for (const g of golden) {
      const full = frameOf(g);
      for (let n = 16; n < full.length; n += 1) {
        const cut = Buffer.from(full.subarray(0, n));
        cut.writeUInt32BE(n, 0);
        expect(() => decodePdu(cut)).not.toThrow();
      }
    }
  });

  it('a submit_sm whose sm_length runs past the end is an error value', () => {
    const g = golden.find((p) => p.name === 'kannel_submit_sm_gsm7_dlr');
    if (g === undefined) throw new Error('missing fixture');
    const frame = Buffer.from(frameOf(g).subarray(0, 60));
    frame.writeUInt32BE(60, 0);
    const d = decodePdu(frame);
    expect(d.ok).toBe(false);
  });

  it('random bodies under every known command id', () => {
    const ids = [...new Set(golden.map((g) => g.fields.command_id))];
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.uint8Array({ maxLength: 300 }), (id, body) => {
        const frame = Buffer.alloc(16 + body.length);
        frame.writeUInt32BE(frame.length, 0);
        frame.writeUInt32BE(id, 4);
        frame.writeUInt32BE(1, 12);
        Buffer.from(body).copy(frame, 16);
        expect(() => decodePdu(frame)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});
