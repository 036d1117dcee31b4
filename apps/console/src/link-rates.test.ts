import { describe, expect, it } from 'vitest';
import { enquireLinkAge, formatRate, type LinkSample, nextLinkRates, noLinkRates } from './link-rates.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, seconds)).toISOString();
const sample = (submitted: number, seconds: number, holder = 'gw-1'): LinkSample => ({
  key: 'movistar:0',
  holder,
  submitted,
  heartbeatAt: at(seconds),
});

describe('nextLinkRates', () => {
  it('measures submits per second between two reports of the same session', () => {
    const first = nextLinkRates(noLinkRates, [sample(100, 0)]);
    expect(first.rates.get('movistar:0')).toBeNull();
    const second = nextLinkRates(first, [sample(150, 4)]);
    expect(second.rates.get('movistar:0')).toBe(12.5);
  });

  it('keeps the last rate while no new report arrived, and measures from the older report after', () => {
    const one = nextLinkRates(noLinkRates, [sample(0, 0)]);
    const two = nextLinkRates(one, [sample(20, 2)]);
    const same = nextLinkRates(two, [sample(20, 2)]);
    expect(same.rates.get('movistar:0')).toBe(10);
    expect(nextLinkRates(same, [sample(30, 4)]).rates.get('movistar:0')).toBe(5);
  });

  it('has no rate for a session that started again under a new holder or from zero', () => {
    const before = nextLinkRates(noLinkRates, [sample(500, 0)]);
    expect(nextLinkRates(before, [sample(600, 2, 'gw-2')]).rates.get('movistar:0')).toBeNull();
    expect(nextLinkRates(before, [sample(3, 2)]).rates.get('movistar:0')).toBeNull();
  });

  it('forgets links that are gone', () => {
    const before = nextLinkRates(noLinkRates, [sample(1, 0)]);
    expect(nextLinkRates(before, []).samples.size).toBe(0);
  });
});

describe('link state formatting', () => {
  it('formats rates and enquire_link ages for the table', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(12.345)).toBe('12.3');
    expect(formatRate(1234.5)).toBe('1235');
    expect(enquireLinkAge(null, at(0))).toBe('—');
    expect(enquireLinkAge(at(0), at(14))).toBe('14 s ago');
    expect(enquireLinkAge(at(0), at(300))).toBe('5 min ago');
  });
});
