import { ESME_RINVCMDLEN } from './command-status.ts';

// SMPP 3.4 §3.2: a PDU is at least its 16-octet header. 64 KiB covers a full message_payload (§5.3.2.32);
// anything longer is a broken or hostile peer (DESIGN: SMPP facts 5).
export const PDU_HEADER_LENGTH = 16;
export const MAX_PDU_LENGTH = 65_536 + 1024;

export type FrameEvent =
  | { readonly kind: 'frame'; readonly frame: Buffer }
  | {
      readonly kind: 'bad_length';
      readonly length: number;
      readonly sequence: number | null;
      readonly status: number;
    };

/** Splits a TCP byte stream into whole PDUs by command_length; after a bad length it stops (the link must close). */
export class PduFramer {
  readonly maxLength: number;
  #buffer: Buffer = Buffer.alloc(0);
  #broken = false;

  constructor(maxLength = MAX_PDU_LENGTH) {
    this.maxLength = maxLength;
  }

  /** Octets held while waiting for the rest of a PDU; never more than `maxLength`. */
  get buffered(): number {
    return this.#buffer.length;
  }

  push(chunk: Uint8Array): FrameEvent[] {
    if (this.#broken) return [];
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk]);
    const out: FrameEvent[] = [];
    while (this.#buffer.length >= 4) {
      const length = this.#buffer.readUInt32BE(0);
      if (length < PDU_HEADER_LENGTH || length > this.maxLength) {
        const sequence = this.#buffer.length >= 16 ? this.#buffer.readUInt32BE(12) : null;
        out.push({ kind: 'bad_length', length, sequence, status: ESME_RINVCMDLEN });
        this.#broken = true;
        this.#buffer = Buffer.alloc(0);
        break;
      }
      if (this.#buffer.length < length) break;
      out.push({ kind: 'frame', frame: this.#buffer.subarray(0, length) });
      this.#buffer = this.#buffer.subarray(length);
    }
    return out;
  }
}
