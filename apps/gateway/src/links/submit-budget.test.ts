import { describe, expect, it } from 'vitest';
import { SubmitBudget } from './submit-budget.ts';

/** Resolves with the grant, or 'waiting' if it is not granted within the current turn of the loop. */
async function settled(p: Promise<number>): Promise<number | 'waiting'> {
  return Promise.race([p, new Promise<'waiting'>((r) => setImmediate(() => r('waiting')))]);
}

describe('SubmitBudget', () => {
  it('lets claims run at most claimAhead messages ahead of the writes, in runs of half of it', async () => {
    const budget = new SubmitBudget(20, 100);
    expect(await budget.take(200)).toBe(20);
    const next = budget.take(200);
    budget.written(9);
    expect(await settled(next)).toBe('waiting');
    budget.written(1);
    expect(await next).toBe(10);
    expect(budget.held).toEqual({ unwritten: 20, unrecorded: 30 });
  });

  it('holds at most inFlight messages between claim and record, however many were written', async () => {
    const budget = new SubmitBudget(10, 30);
    let taken = 0;
    for (let k = 0; k < 3; k++) {
      taken += await budget.take(10);
      budget.written(10);
    }
    expect(taken).toBe(30);
    const next = budget.take(10);
    expect(await settled(next)).toBe('waiting');
    budget.recorded(5);
    expect(await next).toBe(5);
  });

  it('gives a batch with few messages left what it asks for without waiting for a whole run', async () => {
    const budget = new SubmitBudget(20, 60);
    expect(await budget.take(18)).toBe(18);
    expect(await budget.take(2)).toBe(2);
  });

  it('serves the higher lane first, FIFO within one, and takes back what a claim did not get', async () => {
    const budget = new SubmitBudget(10, 10);
    expect(await budget.take(10)).toBe(10);
    const order: string[] = [];
    const bulk = budget.take(10, 0).then((n) => order.push(`bulk ${n}`));
    const bulk2 = budget.take(10, 0).then((n) => order.push(`bulk2 ${n}`));
    const emergency = budget.take(10, 30).then((n) => order.push(`emergency ${n}`));
    // Six of the ten were no longer queued: claimed nobody, so both shares come back at once.
    budget.release(6);
    await emergency;
    expect(order).toEqual(['emergency 6']);
    budget.written(6);
    budget.recorded(6);
    await bulk;
    budget.release(10);
    await bulk2;
    expect(order).toEqual(['emergency 6', 'bulk 6', 'bulk2 10']);
  });

  it('refuses nonsense sizes', () => {
    expect(() => new SubmitBudget(0, 10)).toThrow(RangeError);
    expect(() => new SubmitBudget(10, 5)).toThrow(RangeError);
    expect(() => new SubmitBudget(10, 10).take(0)).toThrow(RangeError);
  });
});
