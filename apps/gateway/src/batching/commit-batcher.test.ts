import { describe, expect, it } from 'vitest';
import { CommitBatcher } from './commit-batcher.ts';

/** A write the test completes by hand. */
function manualWrites() {
  const calls: Array<{ items: number[]; done: () => void; fail: (e: unknown) => void }> = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items, done: resolve, fail: reject });
    });
  return { calls, write };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('CommitBatcher (group commit)', () => {
  it('writes at once when idle, and gathers what arrives during a write into the next one', async () => {
    const { calls, write } = manualWrites();
    const b = new CommitBatcher(write);
    const first = b.add(1);
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    const later = [b.add(2), b.add(3), b.add(4)];
    await tick();
    expect(calls).toHaveLength(1); // one write at a time
    calls[0]?.done();
    await first;
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    calls[1]?.done();
    await Promise.all(later);
  });

  it('runs up to `concurrency` writes and splits at maxBatch', async () => {
    const { calls, write } = manualWrites();
    const b = new CommitBatcher(write, { concurrency: 2, maxBatch: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => b.add(i));
    await tick();
    expect(calls.map((c) => c.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    calls[1]?.done();
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3, 4], [5]]);
    for (const c of calls) c.done();
    await Promise.all(all);
  });

  it('rejects every item of a failed write, and flush() waits for what is pending', async () => {
    const { calls, write } = manualWrites();
    const b = new CommitBatcher(write);
    const failed = [b.add(1), b.add(2)];
    await tick();
    calls[0]?.fail(new Error('database gone'));
    for (const f of failed) await expect(f).rejects.toThrow('database gone');
    const pending = b.add(3);
    let flushed = false;
    const flushing = b.flush().then(() => {
      flushed = true;
    });
    await tick();
    expect(flushed).toBe(false);
    calls[1]?.done();
    await pending;
    await flushing;
    expect(flushed).toBe(true);
    await b.flush(); // idle: resolves at once
  });

  it('refuses a size or concurrency that is not a positive integer', () => {
    expect(() => new CommitBatcher(async () => {}, { maxBatch: 0 })).toThrow(RangeError);
    expect(() => new CommitBatcher(async () => {}, { concurrency: 1.5 })).toThrow(RangeError);
  });
});
