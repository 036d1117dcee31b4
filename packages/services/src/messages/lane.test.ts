import { AppError } from '@pregon/domain';
import { describe, expect, it } from 'vitest';
import { messageLane } from './lane.ts';

describe('messageLane', () => {
  it('derives the lane from the service type when none is asked for', () => {
    expect(messageLane(undefined, undefined)).toBe('transactional');
    expect(messageLane('health', undefined)).toBe('transactional');
    expect(messageLane('elections', undefined)).toBe('election');
    // No flag says a city-alerts message is an emergency: it has to be asked for.
    expect(messageLane('city-alerts', undefined)).toBe('transactional');
  });

  it('lets any service step down to bulk or transactional', () => {
    expect(messageLane('elections', 'bulk')).toBe('bulk');
    expect(messageLane('elections', 'transactional')).toBe('transactional');
    expect(messageLane(undefined, 'bulk')).toBe('bulk');
  });

  it('grants emergency only to city-alerts services', () => {
    expect(messageLane('city-alerts', 'emergency')).toBe('emergency');
    for (const type of ['health', 'education', 'elections', 'custom', undefined] as const) {
      expect(() => messageLane(type, 'emergency')).toThrow(AppError);
    }
  });
});
