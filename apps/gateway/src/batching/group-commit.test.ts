import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

type Outcome = { ok: true; value: string } | { ok: false; error: unknown };

/** A write that records its batches and waits until the test lets it finish. */
function gatedWrite() {
  const batches: Array<{ key: string; items: string[] }> = [];
  const gates: Array<() => void> = [];
  const write = async (key: string, items: string[]): Promise<Outcome[]> => {
    batches.push({ key, items });
    await new Promise<void>((release) => gates.push(release));
    return items.map((item) =>
      item.startsWith('bad')
        ? { ok: false, error: new Error(`${item} refused`) }
        : { ok: true, value: `${item}!` },
    );
  };
  const releaseAll = () => {
    for (const release of gates.splice(0)) release();
  };
  return { batches, write, releaseAll };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes what arrives in one turn together, and answers each item with its own outcome', async () => {
    const w = gatedWrite();
    const commits = new GroupCommit(w.write);
    const answers = ['a', 'bad-b', 'c'].map((i) =>
      commits.add('salud', i).then(String, (e: Error) => e.message),
    );
    await tick();
    expect(w.batches).toEqual([{ key: 'salud', items: ['a', 'bad-b', 'c'] }]);
    w.releaseAll();
    expect(await Promise.all(answers)).toEqual(['a!', 'bad-b refused', 'c!']);
  });

  it('gathers what arrives while the writes are busy into the next write', async () => {
    const w = gatedWrite();
    const commits = new GroupCommit(w.write, { concurrency: 1 });
    const first = commits.add('salud', 'a');
    await tick();
    const later = ['b', 'c', 'd'].map((i) => commits.add('salud', i));
    await tick();
    expect(w.batches.map((b) => b.items)).toEqual([['a']]);
    w.releaseAll();
    await first;
    await tick();
    expect(w.batches.map((b) => b.items)).toEqual([['a'], ['b', 'c', 'd']]);
    w.releaseAll();
    expect(await Promise.all(later)).toEqual(['b!', 'c!', 'd!']);
  });

  it('runs up to `concurrency` writes per key, caps a batch at maxBatch, and keeps keys apart', async () => {
    const w = gatedWrite();
    const commits = new GroupCommit(w.write, { concurrency: 2, maxBatch: 2 });
    const all = ['a', 'b', 'c', 'd', 'e'].map((i) => commits.add('salud', i));
    const other = commits.add('educacion', 'x');
    await tick();
    expect(w.batches).toEqual([
      { key: 'salud', items: ['a', 'b'] },
      { key: 'salud', items: ['c', 'd'] },
      { key: 'educacion', items: ['x'] },
    ]);
    while (w.batches.length < 4) {
      w.releaseAll();
      await tick();
    }
    expect(w.batches[3]).toEqual({ key: 'salud', items: ['e'] });
    w.releaseAll();
    expect(await Promise.all([...all, other])).toEqual(['a!', 'b!', 'c!', 'd!', 'e!', 'x!']);
  });

  it('rejects every item of a write that fails as a whole, and goes on with the next', async () => {
    let calls = 0;
    const commits = new GroupCommit<string, string>(async (_key, items) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return items.map((i) => ({ ok: true as const, value: i }));
    });
    const failed = await Promise.allSettled([commits.add('k', 'a'), commits.add('k', 'b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await commits.add('k', 'c')).toBe('c');
  });
});
