import { describe, expect, it } from 'vitest';
import { frameOf, loadGoldenPdus } from '../test/golden.ts';
import { ascii, messageBody } from '../test/message-body.ts';
import { isReceiptEsmClass, parseDeliveryReceipt } from './delivery-receipt.ts';
import { decodePdu } from './pdu-codec.ts';
import {
  TLV_MESSAGE_PAYLOAD,
  TLV_MESSAGE_STATE,
  TLV_NETWORK_ERROR_CODE,
  TLV_RECEIPTED_MESSAGE_ID,
} from './tlv.ts';

function goldenReceipt(name: string) {
  const g = loadGoldenPdus().find((p) => p.name === name);
  if (g === undefined) throw new Error(`missing fixture ${name}`);
  const d = decodePdu(frameOf(g));
  if (!d.ok || d.pdu.message === undefined) throw new Error(`fixture ${name} did not decode`);
  return d.pdu.message;
}

describe('parseDeliveryReceipt over golden PDUs (Net::SMPP)', () => {
  const receipts = loadGoldenPdus().filter((g) => g.command === 'deliver_sm' && g.fields.esm_class === 4);

  it('finds the three receipt fixtures', () => {
    expect(receipts.map((r) => r.name).sort()).toEqual([
      'netsmpp_deliver_sm_receipt_text_only',
      'netsmpp_deliver_sm_receipt_tlvs',
      'netsmpp_deliver_sm_receipt_undeliv_network_error',
    ]);
  });

  it('uses the TLVs and matches the submit_sm_resp id of the same run', () => {
    const r = parseDeliveryReceipt(goldenReceipt('netsmpp_deliver_sm_receipt_tlvs'), 'hex');
    const resp = loadGoldenPdus().find((g) => g.name === 'netsmpp_submit_sm_resp');
    expect(resp?.fields.message_id).toBe('1a215856368000001');
    expect(r).toMatchObject({
      carrierMessageId: '1a215856368000001',
      rawMessageId: '1a215856368000001', // NUL of the C-string stripped
      state: 'delivered',
      errorCode: '000',
      text: 'Hola, prueba Kannel',
      source: '34600000101',
    });
    expect(r?.doneDate?.toISOString()).toBe('2026-11-26T01:43:00.000Z');
  });

  it('reads UNDELIV with network_error_code 0x0423', () => {
    const r = parseDeliveryReceipt(goldenReceipt('netsmpp_deliver_sm_receipt_undeliv_network_error'));
    expect(r).toMatchObject({
      state: 'undeliverable',
      errorCode: '034',
      networkError: { type: 3, code: 0x22 },
      carrierMessageId: '1a215856368000005',
    });
  });

  it('parses a text-only receipt with seconds in its dates', () => {
    const r = parseDeliveryReceipt(goldenReceipt('netsmpp_deliver_sm_receipt_text_only'), 'auto');
    expect(r).toMatchObject({
      carrierMessageId: '1a215856368000001',
      state: 'delivered',
      text: 'Primer mensaje',
    });
    expect(r?.submitDate?.toISOString()).toBe('2026-11-26T01:43:18.000Z');
  });

  it('does not take MO fixtures for receipts', () => {
    for (const g of loadGoldenPdus().filter((p) => p.command === 'deliver_sm' && p.fields.esm_class !== 4)) {
      const d = decodePdu(frameOf(g));
      expect(d.ok && d.pdu.message !== undefined && parseDeliveryReceipt(d.pdu.message)).toBe(null);
    }
  });
});

describe('parseDeliveryReceipt, lenient cases', () => {
  it('decides by esm_class (SMPP 3.4 §5.2.12), not by the text', () => {
    expect(isReceiptEsmClass(0x04)).toBe(true);
    expect(isReceiptEsmClass(0x44)).toBe(true); // UDHI set too
    expect(isReceiptEsmClass(0x08)).toBe(true);
    expect(isReceiptEsmClass(0x20)).toBe(true);
    expect(isReceiptEsmClass(0x00)).toBe(false);
    expect(isReceiptEsmClass(0x40)).toBe(false);
    expect(
      parseDeliveryReceipt(messageBody({ esmClass: 0, shortMessage: ascii('id:1 stat:DELIVRD') })),
    ).toBeNull();
  });

  it('converts a decimal text id for a hex carrier', () => {
    const r = parseDeliveryReceipt(messageBody({ shortMessage: ascii('id:255 stat:DELIVRD') }), 'hex');
    expect(r).toMatchObject({ carrierMessageId: 'ff', rawMessageId: '255' });
  });

  it('prefers TLVs over the text and accepts a receipted_message_id without NUL', () => {
    const r = parseDeliveryReceipt(
      messageBody({
        shortMessage: ascii('id:999 stat:DELIVRD err:000'),
        tlvs: [
          { tag: TLV_RECEIPTED_MESSAGE_ID, value: ascii('00AB') },
          { tag: TLV_MESSAGE_STATE, value: Uint8Array.of(3) },
        ],
      }),
      'hex',
    );
    expect(r).toMatchObject({ carrierMessageId: 'ab', rawMessageId: '00AB', state: 'expired' });
  });

  it('reads text in any case, missing fields and message_payload', () => {
    const r = parseDeliveryReceipt(
      messageBody({ tlvs: [{ tag: TLV_MESSAGE_PAYLOAD, value: ascii('ID:77   STAT:rejectd   ERR: 11') }] }),
    );
    expect(r).toMatchObject({ carrierMessageId: '77', state: 'rejected', errorCode: '11' });
    expect(r?.doneDate).toBeUndefined();
  });

  it('reads a UCS-2 receipt text', () => {
    const text = Buffer.from('\0i\0d\0:\x005\0 \0s\0t\0a\0t\0:\0E\0X\0P\0I\0R\0E\0D', 'latin1');
    const r = parseDeliveryReceipt(messageBody({ dataCoding: 8, shortMessage: Uint8Array.from(text) }));
    expect(r).toMatchObject({ carrierMessageId: '5', state: 'expired' });
  });

  it('maps unknown states to unknown and ignores a malformed network_error_code', () => {
    const r = parseDeliveryReceipt(
      messageBody({
        shortMessage: ascii('id:1 stat:WEIRD'),
        tlvs: [{ tag: TLV_NETWORK_ERROR_CODE, value: Uint8Array.of(3) }],
      }),
    );
    expect(r?.state).toBe('unknown');
    expect(r?.networkError).toBeUndefined();
  });

  it('survives an empty receipt', () => {
    expect(parseDeliveryReceipt(messageBody())).toMatchObject({
      carrierMessageId: '',
      rawMessageId: '',
      state: 'unknown',
    });
  });
});
