import { randomBytes } from 'node:crypto';
import { messageEvents, messages, uuidArrayLiteral } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { LANES, REPLY_PRIORITY, type SubmitBatch, type SubmitItem } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import { addRoute } from '../carriers/add-route.ts';
import type { JobQueue, ServiceContext } from '../context.ts';
import { prepareMessages } from '../messages/prepare.ts';
import { sendMessage } from '../messages/send.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { claimForSubmit } from './claim.ts';
import { recordSubmitResults } from './record.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let submitItems: SubmitItem[] = [];
let resent: Array<{ batch: SubmitBatch; priority: number | undefined; group: string | undefined }> = [];
let jobs: Array<{ name: string; payload: unknown }> = [];
let salud = '';
let educacion = '';
let carrierId = '';
const cli = { kind: 'cli' } as const;

const recordingQueue: JobQueue = {
  enqueue: async (_tx, name, payloads) => {
    for (const payload of payloads) jobs.push({ name, payload });
  },
  enqueueRaw: async (_tx, _queue, payloads, options) => {
    for (const b of payloads as SubmitBatch[]) {
      submitItems.push(...b.items);
      resent.push({ batch: b, priority: options?.priority, group: options?.group?.id });
    }
  },
};

beforeAll(async () => {
  t = await createTestDatabase('services_submit');
  ctx = { db: t.db, queue: recordingQueue, secrets: createCarrierSecrets(randomBytes(32)) };
  carrierId = (
    await addCarrier({
      ctx,
      input: { name: 'movistar', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw' },
      actor: cli,
    })
  ).id;
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'movistar' }, actor: cli });
  salud = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  educacion = (await createAgency({ ctx, input: { slug: 'educacion', name: 'Educación' }, actor: cli })).id;
  for (const [tenant, sender] of [
    [salud, 'SALUD'],
    [educacion, 'EDU'],
  ] as const)
    await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${tenant}, 'alphanumeric', ${sender}, true)`;
  // Educación hears about every status change: its outcomes must queue webhook events.
  await t.sql`insert into webhooks (tenant_id, url, events, secret)
    values (${educacion}, 'https://edu.example/hook', array['message.status'], 'sealed')`;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  submitItems = [];
  resent = [];
  jobs = [];
});

/** Sends and prepares `n` messages of one agency; returns their submit items. */
async function queued(tenantId: string, n = 1): Promise<SubmitItem[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await sendMessage({
      ctx,
      input: { to: `+3460000${String(i).padStart(4, '0')}`, text: `Aviso ${i}` },
      principal: { tenantId, apiKeyId: null },
    });
    ids.push(r.body.id);
  }
  await prepareMessages({ ctx, input: { tenantId, messageIds: ids } });
  const items = submitItems.filter((i) => ids.includes(i.messageId));
  submitItems = [];
  expect(items).toHaveLength(n);
  return items;
}

const rowOf = async (id: string) => (await t.db.select().from(messages).where(eq(messages.id, id)))[0];
const historyOf = async (id: string) =>
  (
    await t.db.select().from(messageEvents).where(eq(messageEvents.messageId, id)).orderBy(messageEvents.id)
  ).map((e) => e.status);

describe('claimForSubmit', () => {
  it('claims queued messages of several agencies in one call, and only once', async () => {
    const items = [...(await queued(salud, 3)), ...(await queued(educacion, 2))];
    const claimed = await claimForSubmit({ ctx, input: { items } });
    expect(claimed.map((i) => i.messageId).sort()).toEqual(items.map((i) => i.messageId).sort());
    for (const i of items) expect((await rowOf(i.messageId))?.submitClaimedAt).not.toBeNull();
  });

  it('turns a message claimed before (a crash mid-submit) unknown instead of claiming it again', async () => {
    const [item] = await queued(salud);
    if (!item) throw new Error('no item');
    expect(await claimForSubmit({ ctx, input: { items: [item] } })).toHaveLength(1);
    expect(await claimForSubmit({ ctx, input: { items: [item] } })).toEqual([]);
    expect(await rowOf(item.messageId)).toMatchObject({ status: 'unknown', reason: 'no_submit_response' });
    expect(await historyOf(item.messageId)).toEqual(['accepted', 'queued', 'unknown']);
  });

  it('expires a message past its validity instead of claiming it', async () => {
    const [item, fresh] = await queued(salud, 2);
    if (!item || !fresh) throw new Error('no items');
    await t.sql`update messages set valid_until = now() - interval '1 minute' where id = ${item.messageId}`;
    const claimed = await claimForSubmit({ ctx, input: { items: [item, fresh] } });
    expect(claimed.map((i) => i.messageId)).toEqual([fresh.messageId]);
    expect(await rowOf(item.messageId)).toMatchObject({ status: 'expired', submitClaimedAt: null });
  });

  it('claims nothing through an item naming the wrong agency (row-level security), and leaves the message as it was', async () => {
    const [item] = await queued(salud);
    if (!item) throw new Error('no item');
    expect(await claimForSubmit({ ctx, input: { items: [{ ...item, tenantId: educacion }] } })).toEqual([]);
    expect(await rowOf(item.messageId)).toMatchObject({ status: 'queued', submitClaimedAt: null });
  });

  it('refuses ids that are not UUIDs before any SQL is built from them', () => {
    expect(() =>
      uuidArrayLiteral(["00000000-0000-4000-8000-000000000001'); drop table messages; --"]),
    ).toThrow(TypeError);
  });
});

describe('recordSubmitResults', () => {
  it('records accepted outcomes with their carrier ids and one history row, once', async () => {
    const items = await queued(salud, 3);
    await claimForSubmit({ ctx, input: { items } });
    const [a, b, c] = items;
    if (!a || !b || !c) throw new Error('no items');
    const results = [
      { item: a, result: { kind: 'accepted' as const, carrierMessageIds: ['0a1B', 'ff02'] } },
      // Peer text goes into the statement as a literal: quotes and backslashes must arrive intact.
      { item: b, result: { kind: 'accepted' as const, carrierMessageIds: ["it's\\x"] } },
      // An empty id matches no receipt: nothing is stored for it.
      { item: c, result: { kind: 'accepted' as const, carrierMessageIds: [''] } },
    ];
    await recordSubmitResults({ ctx, input: { carrierId, results } });
    await recordSubmitResults({ ctx, input: { carrierId, results } });
    expect(await rowOf(a.messageId)).toMatchObject({
      status: 'submitted',
      carrierMessageId: '0a1B',
      carrierMessageIds: ['0a1B', 'ff02'],
    });
    expect(await rowOf(b.messageId)).toMatchObject({ carrierMessageIds: ["it's\\x"] });
    expect(await rowOf(c.messageId)).toMatchObject({
      status: 'submitted',
      carrierMessageId: null,
      carrierMessageIds: null,
    });
    for (const i of items) expect(await historyOf(i.messageId)).toEqual(['accepted', 'queued', 'submitted']);
    expect(jobs.filter((j) => j.name === 'webhook.deliver')).toEqual([]);
  });

  it("queues the agency's status webhook events with the outcome when it has a webhook", async () => {
    const items = await queued(educacion, 2);
    await claimForSubmit({ ctx, input: { items } });
    await recordSubmitResults({
      ctx,
      input: {
        carrierId,
        results: items.map((item, k) => ({
          item,
          result: { kind: 'accepted' as const, carrierMessageIds: [`e${k}`] },
        })),
      },
    });
    for (const i of items) expect((await rowOf(i.messageId))?.status).toBe('submitted');
    const events = jobs
      .filter((j) => j.name === 'webhook.deliver')
      .flatMap(
        (j) => (j.payload as { events: Array<{ data: { messageId: string; status: string } }> }).events,
      );
    expect(events.map((e) => [e.data.messageId, e.data.status]).sort()).toEqual(
      items.map((i) => [i.messageId, 'submitted']).sort(),
    );
  });

  it('records rejections and unknowns, and sends nothing-written ones back to the queue unclaimed', async () => {
    const [rejected, unknown, retried] = await queued(salud, 3);
    if (!rejected || !unknown || !retried) throw new Error('no items');
    await claimForSubmit({ ctx, input: { items: [rejected, unknown, retried] } });
    await recordSubmitResults({
      ctx,
      input: {
        carrierId,
        lane: 'bulk',
        results: [
          {
            item: rejected,
            result: { kind: 'rejected', status: 0x0b, statusName: 'ESME_RINVDSTADR', permanent: true },
          },
          { item: unknown, result: { kind: 'unknown', reason: 'timeout' } },
          { item: retried, result: { kind: 'retry', reason: 'not_sent' } },
        ],
      },
    });
    expect(await rowOf(rejected.messageId)).toMatchObject({ status: 'failed', reason: 'carrier_rejected' });
    expect(await rowOf(unknown.messageId)).toMatchObject({ status: 'unknown', reason: 'no_submit_response' });
    expect(await rowOf(retried.messageId)).toMatchObject({ status: 'queued', submitClaimedAt: null });
    expect(submitItems.map((i) => i.messageId)).toEqual([retried.messageId]);
  });

  it('sends a reply that was not written back as a reply, at the reply priority', async () => {
    const [reply, plain] = await queued(salud, 2);
    if (!reply || !plain) throw new Error('no items');
    await claimForSubmit({ ctx, input: { items: [reply, plain] } });
    submitItems = [];
    resent = [];
    await recordSubmitResults({
      ctx,
      input: {
        carrierId,
        results: [
          { item: reply, result: { kind: 'retry', reason: 'not_sent' }, lane: 'transactional', reply: true },
          { item: plain, result: { kind: 'retry', reason: 'not_sent' }, lane: 'transactional' },
        ],
      },
    });
    expect(
      resent.map((r) => [r.batch.items.map((i) => i.messageId), r.batch.reply ?? false, r.priority, r.group]),
    ).toEqual([
      [[reply.messageId], true, REPLY_PRIORITY, `${salud}:transactional:reply`],
      [[plain.messageId], false, LANES.transactional, `${salud}:transactional`],
    ]);
  });
});
