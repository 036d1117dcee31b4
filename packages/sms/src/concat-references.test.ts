import { describe, expect, it } from 'vitest';
import { ConcatReferences } from './concat-references.ts';

describe('ConcatReferences', () => {
  it('rotates per destination and wraps at 8 bits', () => {
    const refs = new ConcatReferences({ random: () => 254 / 256 });
    expect([refs.next('a'), refs.next('a'), refs.next('a'), refs.next('b')]).toEqual([254, 255, 0, 254]);
  });

  it('wraps at 16 bits', () => {
    const refs = new ConcatReferences({ bits: 16, random: () => 0.99999999 });
    expect([refs.next('a'), refs.next('a')]).toEqual([0xffff, 0]);
  });

  it('forgets the least recently used destination beyond its bound', () => {
    const refs = new ConcatReferences({ maxDestinations: 2, random: () => 0 });
    refs.next('a');
    refs.next('b');
    refs.next('a');
    refs.next('c');
    expect(refs.size).toBe(2);
    expect(refs.next('a')).toBe(2);
    expect(refs.next('b')).toBe(0);
  });

  it('starts at a random reference by default', () => {
    const ref = new ConcatReferences().next('+34600000001');
    expect(ref).toBeGreaterThanOrEqual(0);
    expect(ref).toBeLessThan(256);
  });
});
