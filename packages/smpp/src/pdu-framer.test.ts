import { describe, expect, it } from 'vitest';
import { frameOf, loadGoldenPdus } from '../test/golden.ts';
import { PduFramer } from './pdu-framer.ts';

describe('PduFramer', () => {
  const frames = loadGoldenPdus()
    .slice(0, 12)
    .map((g) => frameOf(g));
  const stream = Buffer.concat(frames);

  it('yields the same PDUs whatever the TCP chunking (split at every byte boundary)', () => {
    for (let cut = 1; cut < stream.length; cut += 1) {
      const framer = new PduFramer();
      const out = [...framer.push(stream.subarray(0, cut)), ...framer.push(stream.subarray(cut))];
      expect(out.map((e) => (e.kind === 'frame' ? e.frame.toString('hex') : e.kind))).toEqual(
        frames.map((f) => f.toString('hex')),
      );
    }
  });

  it('handles one byte at a time', () => {
    const framer = new PduFramer();
    const out = [...stream].flatMap((b) => framer.push(Uint8Array.of(b)));
    expect(out).toHaveLength(frames.length);
  });

  it('reports an absurd command_length with the sequence to nack, then stops', () => {
    const framer = new PduFramer(1000);
    const bad = Buffer.alloc(16);
    bad.writeUInt32BE(0x7fffffff, 0);
    bad.writeUInt32BE(4, 4);
    bad.writeUInt32BE(42, 12);
    expect(framer.push(bad)).toEqual([{ kind: 'bad_length', length: 0x7fffffff, sequence: 42, status: 2 }]);
    expect(framer.push(frames[0] ?? Buffer.alloc(0))).toEqual([]);
  });

  it('rejects a command_length shorter than the header', () => {
    const framer = new PduFramer();
    expect(framer.push(Uint8Array.of(0, 0, 0, 3))[0]).toMatchObject({
      kind: 'bad_length',
      length: 3,
      sequence: null,
    });
  });
});
