import { randomBytes } from 'node:crypto';
import { messages } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { SubmitItem } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import { addRoute } from '../carriers/add-route.ts';
import type { JobQueue, ServiceContext } from '../context.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { claimForSubmit } from '../submit/claim.ts';
import { recordSubmitResults } from '../submit/record.ts';
import { cancelMessage } from './cancel.ts';
import { prepareMessages } from './prepare.ts';
import { sendMessage } from './send.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let submitItems: SubmitItem[] = [];
let salud = '';
let educacion = '';
const user = { kind: 'user', userId: '00000000-0000-4000-8000-000000000001' } as const;
const cli = { kind: 'cli' } as const;

const recordingQueue: JobQueue = {
  enqueue: async () => {},
  enqueueRaw: async (_tx, _queue, payloads) => {
    for (const b of payloads as Array<{ items: SubmitItem[] }>) submitItems.push(...b.items);
  },
};

beforeAll(async () => {
  t = await createTestDatabase('services_cancel');
  ctx = { db: t.db, queue: recordingQueue, secrets: createCarrierSecrets(randomBytes(32)) };
  await addCarrier({
    ctx,
    input: { name: 'movistar', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw' },
    actor: cli,
  });
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'movistar' }, actor: cli });
  salud = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  educacion = (await createAgency({ ctx, input: { slug: 'educacion', name: 'Educación' }, actor: cli })).id;
  await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${salud}, 'alphanumeric', 'SALUD', true)`;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  submitItems = [];
});

async function send(extra: { sendAt?: string } = {}) {
  const r = await sendMessage({
    ctx,
    input: { to: '+34600000001', text: 'Cita el martes', ...extra },
    principal: { tenantId: salud, apiKeyId: null },
  });
  return r.body.id;
}

const prepare = (id: string) => prepareMessages({ ctx, input: { tenantId: salud, messageIds: [id] } });
const cancel = (id: string, tenantId = salud) => cancelMessage({ ctx, input: { id }, tenantId, actor: user });
const rowOf = async (id: string) => (await t.db.select().from(messages).where(eq(messages.id, id)))[0];

describe('cancelMessage', () => {
  it('cancels an accepted message, records it in the history, and prepare then leaves it alone', async () => {
    const id = await send();
    const view = await cancel(id);
    expect(view).toMatchObject({ id, status: 'cancelled', reason: 'cancelled_by_user' });
    expect(view.history.map((h) => [h.status, h.reason])).toEqual([
      ['accepted', null],
      ['cancelled', 'cancelled_by_user'],
    ]);
    expect(await prepare(id)).toEqual({ queued: 0, settled: 0 });
    expect(submitItems).toEqual([]);
  });

  it('never submits a scheduled message cancelled before its time', async () => {
    const id = await send({ sendAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await rowOf(id))?.status).toBe('scheduled');
    await cancel(id);
    // The prepare job fires at sendAt anyway: it finds nothing to do.
    await prepare(id);
    expect(submitItems).toEqual([]);
    expect((await rowOf(id))?.status).toBe('cancelled');
  });

  it('cancels a queued message, and the submit queue then skips it', async () => {
    const id = await send();
    await prepare(id);
    expect((await rowOf(id))?.status).toBe('queued');
    const items = submitItems.filter((i) => i.messageId === id);
    expect(items).toHaveLength(1);
    await cancel(id);
    expect(await claimForSubmit({ ctx, input: { items } })).toEqual([]);
    expect(await rowOf(id)).toMatchObject({ status: 'cancelled', submitClaimedAt: null });
  });

  it('refuses a message already claimed for submit, and one already submitted, with CONFLICT', async () => {
    const id = await send();
    await prepare(id);
    const items = submitItems.filter((i) => i.messageId === id);
    expect(await claimForSubmit({ ctx, input: { items } })).toHaveLength(1);
    await expect(cancel(id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('being submitted'),
    });
    expect((await rowOf(id))?.status).toBe('queued');
    const [item] = items;
    if (!item) throw new Error('no item');
    await recordSubmitResults({
      ctx,
      input: {
        carrierId: (await rowOf(id))?.carrierId ?? '',
        results: [{ item, result: { kind: 'accepted', carrierMessageIds: ['abc123'] } }],
      },
    });
    await expect(cancel(id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already submitted'),
    });
    expect((await rowOf(id))?.status).toBe('submitted');
  });

  it('answers the same view again for an already cancelled message, with one history entry', async () => {
    const id = await send();
    const first = await cancel(id);
    const again = await cancel(id);
    expect(again).toEqual(first);
    expect(again.history.filter((h) => h.status === 'cancelled')).toHaveLength(1);
  });

  it("is NOT_FOUND for another agency's message and for a malformed id", async () => {
    const id = await send();
    await expect(cancel(id, educacion)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancel('not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await rowOf(id))?.status).toBe('accepted');
  });
});
