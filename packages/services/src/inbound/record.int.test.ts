import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCarrier } from '../carriers/add.ts';
import { resolveOutbindCarrier } from '../carriers/outbind.ts';
import type { JobQueue, ServiceContext } from '../context.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { recordInboundMessages } from './record.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let carrierId: string;
const enqueued: Array<{ name: string; payloads: unknown[] }> = [];
/** Records the jobs enqueued; the database underneath is real. */
const recordingQueue: JobQueue = {
  enqueue: async (_tx, name, payloads) => {
    enqueued.push({ name, payloads });
  },
  enqueueRaw: () => Promise.reject(new Error('recording inbound MO enqueues no raw jobs')),
};

beforeAll(async () => {
  t = await createTestDatabase('services_inbound');
  ctx = { db: t.db, queue: recordingQueue, secrets: createCarrierSecrets(randomBytes(32)) };
  const added = await addCarrier({
    ctx,
    input: { name: 'vodafone', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw9x7q2z' },
    actor: { kind: 'cli' },
  });
  carrierId = added.id;
});
afterAll(async () => {
  await t?.drop();
});

describe('recordInboundMessages', () => {
  it('stores whole and incomplete MO with no tenant, NUL made storable', async () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const base = { carrierId, destination: '215', dataCoding: 0, receivedAt: at };
    const ids = await recordInboundMessages({
      ctx,
      input: [
        { ...base, source: '+34600000001', text: 'ALTA CENTRO', parts: 1, complete: true, missing: [] },
        { ...base, source: '+34600000002', text: 'a…c\u0000', parts: 3, complete: false, missing: [2] },
      ],
    });
    expect(ids).toHaveLength(2);
    const rows = await t.sql`
      select source, text, parts, complete, missing, tenant_id, received_at = ${at.toISOString()}::timestamptz as at from inbound_messages order by source`;
    expect(rows).toEqual([
      {
        source: '+34600000001',
        text: 'ALTA CENTRO',
        parts: 1,
        complete: true,
        missing: [],
        tenant_id: null,
        at: true,
      },
      {
        source: '+34600000002',
        text: 'a…c\uFFFD',
        parts: 3,
        complete: false,
        missing: [2],
        tenant_id: null,
        at: true,
      },
    ]);
    // One keyword-engine job for the batch, naming exactly the stored rows.
    expect(enqueued).toEqual([{ name: 'inbound.process', payloads: [{ inboundMessageIds: ids }] }]);
  });
});

describe('resolveOutbindCarrier', () => {
  it('finds the carrier by the credentials we bind to it with, and refuses anything else', async () => {
    const found = await resolveOutbindCarrier({ ctx, input: { systemId: 'pregon', password: 'pw9x7q2z' } });
    expect(found).toMatchObject({ id: carrierId, password: 'pw9x7q2z' });
    await expect(
      resolveOutbindCarrier({ ctx, input: { systemId: 'pregon', password: 'wrong' } }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'wrong_password' } });
    await expect(
      resolveOutbindCarrier({ ctx, input: { systemId: 'nobody', password: 'pw9x7q2z' } }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'unknown_system_id' } });
  });
});
