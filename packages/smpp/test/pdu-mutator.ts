import { decodePdu } from '../src/pdu-codec.ts';

/** Seeded PRNG (mulberry32): a failing fuzz input is reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// SMPP 3.4 §5.1.2.1 command ids, so mutated PDUs reach every body decoder, responses included.
const COMMAND_IDS = [
  0x80000000, 0x01, 0x80000001, 0x02, 0x80000002, 0x03, 0x80000003, 0x04, 0x80000004, 0x05, 0x80000005, 0x06,
  0x80000006, 0x07, 0x80000007, 0x08, 0x80000008, 0x09, 0x80000009, 0x0b, 0x15, 0x80000015, 0x21, 0x80000021,
  0x103, 0x80000103, 0x111, 0x80000111, 0x112, 0x80000112, 0x113, 0x80000113, 0xdeadbeef,
];

/** A PDU to mutate, with where its TLVs and sm_length sit (when it is a submit_sm/deliver_sm). */
interface Seed {
  readonly bytes: Buffer;
  readonly tlvOffsets: readonly number[];
  readonly smLengthOffset: number | null;
}

function seedOf(bytes: Buffer): Seed {
  const decoded = decodePdu(bytes);
  const message = decoded.ok ? decoded.pdu.message : undefined;
  if (message === undefined) return { bytes, tlvOffsets: [], smLengthOffset: null };
  const tlvOffsets: number[] = [];
  let at = bytes.length - message.tlvs.reduce((n, t) => n + 4 + t.value.length, 0);
  const smLengthOffset = at - message.shortMessage.length - 1;
  for (const t of message.tlvs) {
    tlvOffsets.push(at);
    at += 4 + t.value.length;
  }
  return { bytes, tlvOffsets, smLengthOffset };
}

export type MutationKind =
  | 'random'
  | 'random_framed'
  | 'bit_flips'
  | 'truncate'
  | 'command_length'
  | 'command_id'
  | 'tlv_length'
  | 'sm_length'
  | 'no_nul'
  | 'splice';

const KINDS: readonly MutationKind[] = [
  'random',
  'random_framed',
  'bit_flips',
  'truncate',
  'command_length',
  'command_id',
  'tlv_length',
  'sm_length',
  'no_nul',
  'splice',
];

/**
 * Hostile inputs for the decoder and the listener: random bytes and golden PDUs with bits flipped,
 * cut short, lengths (command_length, sm_length, TLV lengths) corrupted, NULs removed or spliced.
 * @example const m = new PduMutator(goldenFrames, 42); const input = m.next().bytes;
 */
export class PduMutator {
  readonly #seeds: readonly Seed[];
  readonly #rnd: () => number;

  constructor(golden: readonly Buffer[], seed: number) {
    if (golden.length === 0) throw new RangeError('PduMutator needs at least one golden PDU');
    this.#seeds = golden.map(seedOf);
    this.#rnd = seededRandom(seed);
  }

  int(n: number): number {
    return Math.floor(this.#rnd() * n);
  }

  next(): { kind: MutationKind; bytes: Buffer } {
    const kind = KINDS[this.int(KINDS.length)] ?? 'random';
    return { kind, bytes: this.#make(kind) };
  }

  #seed(): Seed {
    return this.#seeds[this.int(this.#seeds.length)] ?? (this.#seeds[0] as Seed);
  }

  #randomBytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }

  #make(kind: MutationKind): Buffer {
    const seed = this.#seed();
    const b = Buffer.from(seed.bytes);
    switch (kind) {
      case 'random':
        return this.#randomBytes(this.int(300));
      case 'random_framed': {
        // A plausible header over a random body: reaches the body decoders instead of the length check.
        const r = this.#randomBytes(16 + this.int(280));
        r.writeUInt32BE(r.length, 0);
        r.writeUInt32BE(COMMAND_IDS[this.int(COMMAND_IDS.length)] ?? 4, 4);
        return r;
      }
      case 'bit_flips': {
        const flips = 1 + this.int(8);
        for (let i = 0; i < flips; i++) {
          const at = this.int(b.length);
          b[at] = (b[at] ?? 0) ^ (1 << this.int(8));
        }
        return b;
      }
      case 'truncate': {
        const cut = b.subarray(0, this.int(b.length));
        // Half the time the header still claims the short length, so the frame passes the framer.
        if (cut.length >= 4 && this.int(2) === 0) cut.writeUInt32BE(cut.length, 0);
        return Buffer.from(cut);
      }
      case 'command_length': {
        const choices = [0, 1, 15, 16, b.length - 1, b.length + 1, 0x7fffffff, 0xffffffff, this.int(2 ** 32)];
        b.writeUInt32BE((choices[this.int(choices.length)] ?? 0) >>> 0, 0);
        return b;
      }
      case 'command_id':
        b.writeUInt32BE(COMMAND_IDS[this.int(COMMAND_IDS.length)] ?? 0, 4);
        return b;
      case 'tlv_length': {
        const at = seed.tlvOffsets[this.int(seed.tlvOffsets.length)];
        if (at === undefined) return this.#make('bit_flips');
        const lengths = [0, 1, 0xffff, this.int(0x10000), b.length - at];
        b.writeUInt16BE((lengths[this.int(lengths.length)] ?? 0) & 0xffff, at + 2);
        return b;
      }
      case 'sm_length': {
        if (seed.smLengthOffset === null) return this.#make('bit_flips');
        b[seed.smLengthOffset] = this.int(256);
        return b;
      }
      case 'no_nul':
        for (let i = 16; i < b.length; i++) if (b[i] === 0 && this.int(2) === 0) b[i] = 0x41;
        return b;
      case 'splice': {
        const other = this.#seed().bytes;
        const head = b.subarray(0, this.int(b.length + 1));
        const spliced = Buffer.concat([head, other.subarray(this.int(other.length + 1))]);
        if (spliced.length >= 4 && this.int(2) === 0) spliced.writeUInt32BE(spliced.length, 0);
        return spliced;
      }
    }
  }
}

/** Cuts a byte stream into chunks at random boundaries (TCP may deliver any split). */
export function splitRandomly(stream: Buffer, int: (n: number) => number): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < stream.length) {
    const size = 1 + int(Math.min(stream.length - at, 1 + int(512)));
    chunks.push(stream.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
