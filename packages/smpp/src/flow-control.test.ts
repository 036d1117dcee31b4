import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from './reconnect-backoff.ts';
import { SequenceNumbers } from './sequence-numbers.ts';
import { SubmitWindow } from './submit-window.ts';
import { ThrottlePause } from './throttle-pause.ts';
import { TokenBucket } from './token-bucket.ts';

describe('SubmitWindow', () => {
  it('holds at most `size` slots and hands them over in FIFO order', async () => {
    const w = new SubmitWindow(2);
    expect(await w.acquire()).toBe(true);
    expect(await w.acquire()).toBe(true);
    const order: number[] = [];
    const third = w.acquire().then((ok) => order.push(ok ? 3 : -3));
    const fourth = w.acquire().then((ok) => order.push(ok ? 4 : -4));
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([]);
    w.release();
    await third;
    expect(w.inUse).toBe(2);
    w.release();
    await fourth;
    expect(order).toEqual([3, 4]);
  });

  it('hands a freed slot to the highest priority waiting, FIFO within one priority', async () => {
    const w = new SubmitWindow(1);
    await w.acquire();
    const order: string[] = [];
    const waiting = [
      w.acquire(undefined, 0).then(() => order.push('bulk-1')),
      w.acquire(undefined, 10).then(() => order.push('transactional-1')),
      w.acquire(undefined, 0).then(() => order.push('bulk-2')),
      w.acquire(undefined, 30).then(() => order.push('emergency')),
      w.acquire(undefined, 10).then(() => order.push('transactional-2')),
    ];
    for (let i = 0; i < waiting.length; i++) {
      w.release();
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(waiting);
    expect(order).toEqual(['emergency', 'transactional-1', 'transactional-2', 'bulk-1', 'bulk-2']);
  });

  it('lets an aborted waiter go without a slot', async () => {
    const w = new SubmitWindow(1);
    await w.acquire();
    const ac = new AbortController();
    const waiting = w.acquire(ac.signal);
    ac.abort();
    expect(await waiting).toBe(false);
    w.release();
    expect(w.inUse).toBe(0);
  });
});

describe('TokenBucket', () => {
  it('spaces takes at 1/tps', async () => {
    const bucket = new TokenBucket(50); // one every 20 ms
    const t0 = performance.now();
    for (let i = 0; i < 6; i += 1) await bucket.take();
    // First token is free; five more need about 100 ms.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it('is unlimited at 0 and stops waiting on abort', async () => {
    const free = new TokenBucket(0);
    for (let i = 0; i < 1000; i += 1) expect(await free.take()).toBe(true);
    const slow = new TokenBucket(0.001);
    await slow.take();
    const ac = new AbortController();
    const p = slow.take(ac.signal);
    ac.abort();
    expect(await p).toBe(false);
  });
});

describe('ThrottlePause', () => {
  it('doubles per consecutive throttle up to max, and resets after an accept', () => {
    const p = new ThrottlePause(100, 350);
    expect([p.onThrottle(), p.onThrottle(), p.onThrottle()]).toEqual([100, 200, 350]);
    p.onAccepted();
    expect(p.onThrottle()).toBe(100);
  });

  it('makes waiters wait until the pause ends', async () => {
    const p = new ThrottlePause(60, 1000);
    p.onThrottle();
    const t0 = Date.now();
    expect(await p.wait()).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50);
  });
});

describe('ReconnectBackoff', () => {
  it('grows exponentially under a cap with full jitter', () => {
    const top = new ReconnectBackoff(100, 1000, () => 0.999999);
    expect([1, 2, 3, 4, 5].map(() => top.next())).toEqual([99, 199, 399, 799, 999]);
    const bottom = new ReconnectBackoff(100, 1000, () => 0);
    expect(bottom.next()).toBe(0);
    top.reset();
    expect(top.next()).toBe(99);
  });
});

describe('SequenceNumbers', () => {
  it('wraps from 0x7FFFFFFF to 1 (SMPP 3.4 §5.1.4)', () => {
    const s = new SequenceNumbers(0x7ffffffe);
    expect([s.next(), s.next(), s.next()]).toEqual([0x7fffffff, 1, 2]);
  });
});
