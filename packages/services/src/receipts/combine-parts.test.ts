import { describe, expect, it } from 'vitest';
import { combineParts } from './combine-parts.ts';

const settle = (partStates: Record<string, string>, expected: number) =>
  combineParts({ id: 'm', partStates, expected, receipts: [] });

describe('combineParts', () => {
  it('waits until every part is delivered', () => {
    expect(settle({ a: 'delivered' }, 3)).toBeNull();
    expect(settle({ a: 'delivered', b: 'delivered' }, 3)).toBeNull();
    expect(settle({ a: 'delivered', b: 'delivered', c: 'delivered' }, 3)).toMatchObject({
      status: 'delivered',
    });
    expect(settle({}, 1)).toBeNull();
  });

  it('fails or expires at once with the failing part and its reason', () => {
    expect(settle({ a: 'delivered', b: 'undeliverable' }, 3)).toMatchObject({
      status: 'failed',
      reason: 'carrier_undeliverable',
      detail: { part: 'b' },
    });
    expect(settle({ c: 'expired' }, 3)).toMatchObject({ status: 'expired', reason: 'carrier_expired' });
    expect(settle({ a: 'rejected' }, 1)).toMatchObject({ status: 'failed', reason: 'carrier_rejected' });
  });
});
