import { type JobName, jobCatalog, LANES, URGENT_PRIORITY } from '@pregon/domain';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startDispatcher, workSets } from './dispatcher.ts';

const names = Object.keys(jobCatalog) as JobName[];

describe('dispatcher roles', () => {
  it('urgent runs the keyword engine and urgent-only prepare and fan-out workers, nothing else', () => {
    const urgent = names.filter((n) => workSets(n, 'urgent').length > 0).sort();
    expect(urgent).toEqual(['broadcast.fanout', 'inbound.process', 'message.prepare']);
    expect(workSets('message.prepare', 'urgent')).toEqual([
      expect.objectContaining({ minPriority: URGENT_PRIORITY, localConcurrency: 1 }),
    ]);
    expect(workSets('broadcast.fanout', 'urgent')).toEqual([
      expect.objectContaining({ minPriority: LANES.emergency, batchSize: 1 }),
    ]);
  });

  it('bulk runs every other queue and never the keyword engine; all runs both', () => {
    expect(workSets('inbound.process', 'bulk')).toEqual([]);
    for (const n of names.filter((n) => n !== 'inbound.process'))
      expect(workSets(n, 'bulk').length, n).toBeGreaterThan(0);
    for (const n of names)
      expect(workSets(n, 'all')).toEqual([...workSets(n, 'bulk'), ...workSets(n, 'urgent')]);
    // The bulk sets take urgent jobs too (by priority); only the urgent sets are restricted.
    for (const set of workSets('message.prepare', 'bulk')) expect(set.minPriority).toBeUndefined();
  });

  it('refuses a split role on the embedded database (one shared session)', async () => {
    await expect(
      startDispatcher({
        databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
        poolSize: 1,
        logger: pino({ level: 'silent' }),
        role: 'urgent',
      }),
    ).rejects.toThrow(/one role on the embedded database/);
  });
});
