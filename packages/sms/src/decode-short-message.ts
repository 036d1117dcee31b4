import { type ReceivedAlphabet, receivedAlphabet } from './data-coding.ts';
import { decodeGsm7 } from './gsm7-codec.ts';
import { decodeLatin1 } from './latin1.ts';
import { shiftTableById } from './national-shift-tables.ts';
import { fillBitsAfterUdh, unpackSeptets } from './septet-packing.ts';
import { decodeUcs2 } from './ucs2.ts';
import { parseUdh, type Udh } from './udh.ts';

export interface DecodeOptions {
  /** esm_class UDHI: pass `esm_class & 0x40` or a boolean; the UDH is parsed off the front when set. */
  udhi?: boolean | number;
  /** GSM 7-bit as one septet per octet (SMPP's usual, default) or packed. */
  gsm7Packing?: 'unpacked' | 'packed';
}

export interface DecodedShortMessage {
  /** The text; for `binary` the payload as lower-case hex, so logs and consoles can still show it. */
  text: string;
  /** Parsed UDH, or null when UDHI is unset or the header's length overruns the data. */
  udh: Udh | null;
  alphabet: ReceivedAlphabet;
  /** short_message without the UDH. */
  payload: Uint8Array;
}

/**
 * Decodes short_message (or message_payload) for a data_coding; applies national shift tables named in
 * the UDH. Never throws. `decodeShortMessage(0, Uint8Array.of(0x1b, 0x65)).text // '€'`
 */
export function decodeShortMessage(
  dataCoding: number,
  bytes: Uint8Array,
  opts: DecodeOptions = {},
): DecodedShortMessage {
  const udh = opts.udhi ? parseUdh(bytes) : null;
  const payload = udh ? bytes.subarray(udh.raw.length) : bytes;
  const alphabet = receivedAlphabet(dataCoding);
  return { text: decodeText(alphabet, payload, udh, opts), udh, alphabet, payload };
}

function decodeText(
  alphabet: ReceivedAlphabet,
  payload: Uint8Array,
  udh: Udh | null,
  opts: DecodeOptions,
): string {
  switch (alphabet) {
    case 'gsm7': {
      const septets =
        opts.gsm7Packing === 'packed'
          ? unpackSeptets(payload, fillBitsAfterUdh(udh?.raw.length ?? 0))
          : payload;
      return decodeGsm7(septets, {
        singleShift: shiftTableById(udh?.singleShift ?? 0),
        lockingShift: shiftTableById(udh?.lockingShift ?? 0),
      });
    }
    case 'ucs2':
      return decodeUcs2(payload);
    case 'latin1':
    case 'ascii':
      return decodeLatin1(payload);
    case 'binary':
      return Array.from(payload, (byte) => byte.toString(16).padStart(2, '0')).join('');
  }
}
