import { describe, expect, it } from 'vitest';
import { fuzzDecoder } from '../test/decoder-fuzz.ts';
import { frameOf, loadGoldenPdus } from '../test/golden.ts';
import { PduMutator } from '../test/pdu-mutator.ts';
import { decodePdu } from './pdu-codec.ts';
import { PduFramer } from './pdu-framer.ts';

// Bounded for the suite; `pnpm exec node infra/fuzz/run.ts --inputs 2000000` runs millions.
const golden = loadGoldenPdus().map(frameOf);

// Timeouts sized for 2 busy cores; a hang (not slowness) is what they catch.
describe('decoder fuzzing', { timeout: 60_000 }, () => {
  it('decodes 100k random and mutated PDUs and streams without a throw or a framing violation', () => {
    const report = fuzzDecoder({ inputs: 100_000, seed: 0x5eed, golden });
    expect(report.failures).toEqual([]);
    expect(report.maxBuffered).toBeLessThanOrEqual(report.maxLength);
    // The run must reach every path, or it proves little.
    expect(report.decoded).toBeGreaterThan(10_000);
    expect(report.malformed).toBeGreaterThan(1_000);
    expect(report.badLengths).toBeGreaterThan(100);
    expect(report.mos).toBeGreaterThan(100);
    expect(report.maxPendingGroups).toBeLessThanOrEqual(64);
  });

  it('holds at most the cap with a small cap, where oversize lengths are common', () => {
    const report = fuzzDecoder({ inputs: 30_000, seed: 7, golden, maxLength: 256 });
    expect(report.failures).toEqual([]);
    expect(report.maxBuffered).toBeLessThanOrEqual(256);
    expect(report.badLengths).toBeGreaterThan(100);
  });

  it('answers every prefix of every mutated PDU with a value, never a throw', () => {
    const m = new PduMutator(golden, 99);
    for (let i = 0; i < 300; i++) {
      const { bytes } = m.next();
      for (let cut = 0; cut <= bytes.length; cut++)
        expect(() => decodePdu(bytes.subarray(0, cut))).not.toThrow();
    }
  });

  it('stops a framer at an absurd command_length instead of buffering it', () => {
    const framer = new PduFramer();
    const huge = Buffer.alloc(64);
    huge.writeUInt32BE(0x7fffffff, 0);
    expect(framer.push(huge)).toEqual([expect.objectContaining({ kind: 'bad_length', length: 0x7fffffff })]);
    expect(framer.buffered).toBe(0);
    expect(framer.push(Buffer.alloc(100_000))).toEqual([]);
    expect(framer.buffered).toBe(0);
  });
});
