import { describe, expect, it } from 'vitest';
import { quotaBar } from './quota-usage.ts';

const daily = { quota: 'daily_messages' as const, period: '2026-11-26', warned: false };

describe('quotaBar', () => {
  it('measures use against the block level and flags the warn level', () => {
    expect(quotaBar({ ...daily, used: 80, warn: 75, block: 100 })).toEqual({
      label: 'Messages today',
      used: 80,
      max: 100,
      percent: 80,
      level: 'warn',
      text: '80 (warn at 75, blocks at 100)',
    });
    expect(quotaBar({ ...daily, used: 10, warn: 75, block: 100 }).level).toBe('ok');
    expect(quotaBar({ ...daily, used: 100, warn: 75, block: 100 }).level).toBe('blocked');
  });
  it('reads spend as decimals and shows an agency without levels as unlimited', () => {
    expect(
      quotaBar({
        quota: 'monthly_spend',
        period: '2026-11-01',
        used: '12.50000',
        warn: null,
        block: '50.00000',
        warned: false,
      }),
    ).toMatchObject({ label: 'Spend this month', percent: 25, level: 'ok', text: '12.50 (blocks at 50.00)' });
    expect(quotaBar({ ...daily, used: 3, warn: null, block: null })).toMatchObject({
      max: null,
      percent: null,
      level: 'unlimited',
      text: '3 (no limit set)',
    });
  });
});
