import { describe, expect, it } from 'vitest';
import { isPermanent, isThrottle, statusName } from './command-status.ts';

describe('command status', () => {
  it('names the statuses carriers send', () => {
    expect(statusName(0x58)).toBe('ESME_RTHROTTLED');
    expect(statusName(0x0e)).toBe('ESME_RINVPASWD');
    expect(statusName(0x0b)).toBe('ESME_RINVDSTADR');
    expect(statusName(0x401)).toBe('0x00000401');
  });

  it('tells permanent rejections from ones worth retrying', () => {
    expect(isPermanent(0x0b)).toBe(true); // bad destination
    expect(isPermanent(0x01)).toBe(true); // bad length
    expect(isPermanent(0x58)).toBe(false);
    expect(isPermanent(0x14)).toBe(false);
    expect(isPermanent(0x08)).toBe(false);
    expect(isPermanent(0x445)).toBe(false); // vendor-specific: do not give up
    expect(isPermanent(0)).toBe(false);
  });

  it('treats 0x58 and 0x14 as throttling only', () => {
    expect(isThrottle(0x58)).toBe(true);
    expect(isThrottle(0x14)).toBe(true);
    expect(isThrottle(0x45)).toBe(false);
  });
});
