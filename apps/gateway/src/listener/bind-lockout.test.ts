import { describe, expect, it } from 'vitest';
import { BindLockout } from './bind-lockout.ts';

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('BindLockout', () => {
  it('locks a source after maxFailures within the window, for lockMs, and only that source', () => {
    const c = clock();
    const lockout = new BindLockout({ maxFailures: 3, windowMs: 1000, lockMs: 5000, now: c.now });
    expect(lockout.recordFailure('10.0.0.1')).toBe(false);
    expect(lockout.recordFailure('10.0.0.1')).toBe(false);
    expect(lockout.isLocked('10.0.0.1')).toBe(false);
    expect(lockout.recordFailure('10.0.0.1')).toBe(true);
    expect(lockout.isLocked('10.0.0.1')).toBe(true);
    expect(lockout.isLocked('10.0.0.2')).toBe(false);
    c.advance(4999);
    expect(lockout.isLocked('10.0.0.1')).toBe(true);
    c.advance(1);
    expect(lockout.isLocked('10.0.0.1')).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const c = clock();
    const lockout = new BindLockout({ maxFailures: 3, windowMs: 1000, lockMs: 5000, now: c.now });
    lockout.recordFailure('10.0.0.1');
    lockout.recordFailure('10.0.0.1');
    c.advance(1000);
    expect(lockout.recordFailure('10.0.0.1')).toBe(false);
    expect(lockout.isLocked('10.0.0.1')).toBe(false);
  });
});
