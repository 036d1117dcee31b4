import { parseDeliveryReceipt } from '../src/delivery-receipt.ts';
import { toInboundMessage } from '../src/inbound-message.ts';
import { MoReassembler } from '../src/mo-reassembler.ts';
import { decodePdu } from '../src/pdu-codec.ts';
import { PduFramer } from '../src/pdu-framer.ts';
import { type MutationKind, PduMutator, splitRandomly } from './pdu-mutator.ts';

export interface DecoderFuzzOptions {
  readonly inputs: number;
  readonly seed: number;
  readonly golden: readonly Buffer[];
  /** Framer cap; small caps make the oversize path common. Default: PduFramer's own. */
  readonly maxLength?: number;
  readonly onProgress?: (done: number) => void;
}

export interface DecoderFuzzFailure {
  readonly kind: MutationKind | 'framing';
  readonly hex: string;
  readonly error: string;
}

export interface DecoderFuzzReport {
  readonly inputs: number;
  readonly decoded: number;
  readonly malformed: number;
  readonly frames: number;
  readonly badLengths: number;
  readonly mos: number;
  /** Most octets a framer held between pushes; must stay within its cap. */
  readonly maxBuffered: number;
  readonly maxLength: number;
  readonly maxPendingGroups: number;
  /** Slowest single decode, ms (reported by the long run, never asserted). */
  readonly slowestMs: number;
  readonly failures: readonly DecoderFuzzFailure[];
}

const MAX_GROUPS = 64;

/**
 * Feeds mutated PDUs to decodePdu and the inbound pipeline (receipt parser, MO reassembly), and the same
 * bytes as streams split at random boundaries to PduFramer. Collects throws and framing violations.
 */
export function fuzzDecoder(o: DecoderFuzzOptions): DecoderFuzzReport {
  const mutator = new PduMutator(o.golden, o.seed);
  const failures: DecoderFuzzFailure[] = [];
  let mos = 0;
  const reassembler = new MoReassembler({
    onMessage: () => {
      mos += 1;
    },
    maxPending: MAX_GROUPS,
  });
  let framer = new PduFramer(o.maxLength);
  let stream: Buffer[] = [];
  const r = { decoded: 0, malformed: 0, frames: 0, badLengths: 0, maxBuffered: 0, maxPending: 0, slowest: 0 };

  const fail = (kind: DecoderFuzzFailure['kind'], bytes: Buffer, error: unknown) => {
    if (failures.length < 20) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      failures.push({ kind, hex: bytes.subarray(0, 512).toString('hex'), error: message });
    }
  };

  const consume = (kind: MutationKind | 'framing', bytes: Buffer) => {
    const started = performance.now();
    try {
      const d = decodePdu(bytes);
      if (!d.ok) r.malformed += 1;
      else {
        r.decoded += 1;
        const m = d.pdu.message;
        if (m !== undefined && parseDeliveryReceipt(m, 'auto') === null)
          reassembler.push(toInboundMessage(m));
      }
    } catch (error) {
      fail(kind, bytes, error);
    }
    r.slowest = Math.max(r.slowest, performance.now() - started);
    r.maxPending = Math.max(r.maxPending, reassembler.pending);
  };

  const flushStream = () => {
    const joined = Buffer.concat(stream);
    stream = [];
    for (const chunk of splitRandomly(joined, (n) => mutator.int(n))) {
      for (const ev of framer.push(chunk)) {
        if (ev.kind === 'bad_length') {
          r.badLengths += 1;
          framer = new PduFramer(o.maxLength); // the link closes; the next connection starts clean
          continue;
        }
        r.frames += 1;
        const len = ev.frame.readUInt32BE(0);
        if (len !== ev.frame.length || len < 16 || len > framer.maxLength) {
          fail('framing', ev.frame, new Error(`frame of ${ev.frame.length} octets claims ${len}`));
        }
        consume('framing', ev.frame);
      }
      r.maxBuffered = Math.max(r.maxBuffered, framer.buffered);
      if (framer.buffered > framer.maxLength) {
        fail('framing', chunk, new Error(`framer holds ${framer.buffered} octets`));
      }
    }
  };

  for (let i = 0; i < o.inputs; i++) {
    const { kind, bytes } = mutator.next();
    consume(kind, bytes);
    stream.push(bytes);
    if (stream.length >= 1 + mutator.int(16)) flushStream();
    if (o.onProgress !== undefined && i % 100_000 === 0) o.onProgress(i);
  }
  flushStream();
  reassembler.flush();
  return {
    inputs: o.inputs,
    ...{ decoded: r.decoded, malformed: r.malformed, frames: r.frames, badLengths: r.badLengths },
    mos,
    maxBuffered: r.maxBuffered,
    maxLength: framer.maxLength,
    maxPendingGroups: r.maxPending,
    slowestMs: r.slowest,
    failures,
  };
}
