import { LANES, REPLY_PRIORITY, submitPriority, URGENT_PRIORITY } from '@pregon/domain';
import { describe, expect, it } from 'vitest';
import { submitWorkerSets } from './submit-workers.ts';

describe('submit priorities', () => {
  it('puts a reply batch ahead of every lane in the budget and the window, emergency included', () => {
    expect(submitPriority({ lane: 'transactional', reply: true })).toBe(REPLY_PRIORITY);
    expect(submitPriority({ lane: 'transactional', reply: true })).toBeGreaterThan(
      submitPriority({ lane: 'emergency' }),
    );
    expect(submitPriority({ lane: 'election' })).toBe(LANES.election);
    expect(submitPriority({})).toBe(LANES.transactional);
  });

  it('has one worker that fetches only urgent batches: emergency alerts and replies', () => {
    const [urgent] = submitWorkerSets(2);
    expect(urgent).toMatchObject({ minPriority: URGENT_PRIORITY, localConcurrency: 1 });
    expect(URGENT_PRIORITY).toBe(LANES.emergency);
    expect(REPLY_PRIORITY).toBeGreaterThanOrEqual(URGENT_PRIORITY);
  });
});
