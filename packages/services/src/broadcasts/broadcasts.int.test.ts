import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { JobName, JobPayload, SubmitItem } from '@pregon/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import { addRoute } from '../carriers/add-route.ts';
import type { EnqueueOptions, JobQueue, ServiceContext } from '../context.ts';
import { prepareMessages } from '../messages/prepare.ts';
import { createSavedList } from '../saved-lists/create.ts';
import { deleteSavedList } from '../saved-lists/delete.ts';
import { listSavedLists } from '../saved-lists/list.ts';
import { previewSavedList } from '../saved-lists/preview.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { createService } from '../services/create.ts';
import { claimForSubmit } from '../submit/claim.ts';
import { cancelBroadcast } from './cancel.ts';
import { cancelBroadcastMessages } from './cancel-messages.ts';
import { type CreateBroadcastInput, createBroadcast } from './create.ts';
import { FANOUT_BATCH, FIRST_URGENT_STEP, fanOutBroadcast } from './fanout.ts';
import { getBroadcast } from './get.ts';
import { listBroadcasts } from './list.ts';
import { pauseBroadcast } from './pause.ts';
import { resumeBroadcast } from './resume.ts';

type Job = { name: string; payload: unknown; options: EnqueueOptions | undefined };

let t: TestDatabase;
let ctx: ServiceContext;
let jobs: Job[] = [];
let submitItems: SubmitItem[] = [];
let salud = '';
let otra = '';
const cli = { kind: 'cli' } as const;
const user = { kind: 'user', userId: '00000000-0000-4000-8000-000000000001' } as const;
const SUBSCRIBERS = 3_000;

const recordingQueue: JobQueue = {
  enqueue: async (_tx, name, payloads, options) => {
    for (const payload of payloads) jobs.push({ name, payload, options });
  },
  enqueueRaw: async (_tx, _queue, payloads) => {
    for (const b of payloads as Array<{ items: SubmitItem[] }>) submitItems.push(...b.items);
  },
};

/** Runs queued jobs (and the jobs they enqueue) until none of the given kinds is left. */
async function drain(
  kinds: JobName[] = ['broadcast.fanout', 'message.prepare', 'broadcast.cancel'],
  context: ServiceContext = ctx,
) {
  for (;;) {
    const i = jobs.findIndex((j) => (kinds as string[]).includes(j.name));
    if (i < 0) return;
    const [job] = jobs.splice(i, 1);
    if (!job) return;
    if (job.name === 'broadcast.fanout')
      await fanOutBroadcast({ ctx: context, input: job.payload as JobPayload<'broadcast.fanout'> });
    else if (job.name === 'message.prepare')
      await prepareMessages({ ctx: context, input: job.payload as JobPayload<'message.prepare'> });
    else if (job.name === 'broadcast.cancel')
      await cancelBroadcastMessages({ ctx: context, input: job.payload as JobPayload<'broadcast.cancel'> });
  }
}

/** Runs exactly one pending job of a kind. */
async function runOne(name: 'broadcast.fanout') {
  const i = jobs.findIndex((j) => j.name === name);
  const [job] = jobs.splice(i, 1);
  if (i < 0 || !job) throw new Error(`no ${name} job`);
  return fanOutBroadcast({ ctx, input: job.payload as JobPayload<'broadcast.fanout'> });
}

const principal = () => ({ tenantId: salud, actor: user });
const create = async (input: Partial<CreateBroadcastInput> = {}, key?: string) =>
  (
    await createBroadcast({
      ctx,
      input: {
        service: 'alertas',
        name: 'Corte de agua',
        target: { kind: 'service' },
        templates: {
          es: 'Hola {{name}}: corte de agua en el distrito {{district}}',
          ca: 'Hola {{name}}: tall d’aigua al districte {{district}}',
        },
        ...input,
      },
      principal: principal(),
      idempotencyKey: key,
    })
  ).body;

async function statusesOf(broadcastId: string) {
  const rows = await t.sql<{ status: string; reason: string | null; n: number }[]>`
    select status, reason, count(*)::int as n from messages where broadcast_id = ${broadcastId}
    group by status, reason order by status, reason`;
  return Object.fromEntries(rows.map((r) => [r.reason ? `${r.status}/${r.reason}` : r.status, r.n]));
}

async function messageCount(broadcastId: string): Promise<number> {
  const [row] = await t.sql<
    { n: number }[]
  >`select count(*)::int as n from messages where broadcast_id = ${broadcastId}`;
  return row?.n ?? 0;
}

beforeAll(async () => {
  t = await createTestDatabase('services_broadcasts');
  ctx = { db: t.db, queue: recordingQueue, secrets: createCarrierSecrets(randomBytes(32)) };
  await addCarrier({
    ctx,
    input: { name: 'movistar', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw' },
    actor: cli,
  });
  await addRoute({ ctx, input: { prefix: '+34', carrier: 'movistar' }, actor: cli });
  salud = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  otra = (await createAgency({ ctx, input: { slug: 'otra', name: 'Otra' }, actor: cli })).id;
  await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${salud}, 'alphanumeric', 'SALUD', true)`;
  await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${otra}, 'alphanumeric', 'OTRA', true)`;
  const alertas = await createService({
    ctx,
    input: { agencySlug: 'salud', slug: 'alertas', name: 'Alertas', type: 'city-alerts' },
    actor: cli,
  });
  await createService({
    ctx,
    input: { agencySlug: 'salud', slug: 'citas', name: 'Citas', type: 'health' },
    actor: cli,
  });
  // Languages rotate es, ca, en (en has no template: it falls back to es); districts 1..10.
  await t.sql`
    insert into subscribers (tenant_id, service_id, phone, status, language, attributes)
    select ${salud}, ${alertas.id}, '+3460' || lpad(i::text, 7, '0'), 'active',
      (array['es','ca','en'])[1 + i % 3],
      jsonb_build_object('name', 'Persona ' || i, 'district', (1 + i % 10)::text)
    from generate_series(1, ${SUBSCRIBERS}) as i`;
  // Not targeted: opted out and pending subscribers.
  await t.sql`
    insert into subscribers (tenant_id, service_id, phone, status, language, attributes) values
      (${salud}, ${alertas.id}, '+34619000001', 'opted_out', 'es', '{"name":"X","district":"1"}'),
      (${salud}, ${alertas.id}, '+34619000002', 'pending', 'es', '{"name":"Y","district":"1"}')`;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  jobs = [];
  submitItems = [];
});

// Thousands of rows per test on a shared 2-core machine.
describe('broadcast fan-out', { timeout: 60_000 }, () => {
  it('creates exactly one message per active subscriber, in their language with their attributes', async () => {
    const { id, status } = await create();
    expect(status).toBe('running');
    await drain();
    expect(await messageCount(id)).toBe(SUBSCRIBERS);
    const sample = await t.sql<{ to_phone: string; body: string; status: string; lane: string }[]>`
      select to_phone, body, status, lane from messages where broadcast_id = ${id}
      and to_phone in ('+34600000001', '+34600000002', '+34600000003') order by to_phone`;
    expect(sample).toEqual([
      // i=1: ca, district 2; i=2: en -> es (the default), district 3; i=3: es, district 4
      {
        to_phone: '+34600000001',
        body: 'Hola Persona 1: tall d’aigua al districte 2',
        status: 'queued',
        lane: 'bulk',
      },
      {
        to_phone: '+34600000002',
        body: 'Hola Persona 2: corte de agua en el distrito 3',
        status: 'queued',
        lane: 'bulk',
      },
      {
        to_phone: '+34600000003',
        body: 'Hola Persona 3: corte de agua en el distrito 4',
        status: 'queued',
        lane: 'bulk',
      },
    ]);
    const [events] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from message_events e join messages m on m.id = e.message_id
      where m.broadcast_id = ${id} and e.status = 'accepted'`;
    expect(events?.n).toBe(SUBSCRIBERS);
    expect(submitItems).toHaveLength(SUBSCRIBERS);
    const view = await getBroadcast({ ctx, input: { id }, principal: principal() });
    expect(view).toMatchObject({ status: 'completed', targeted: SUBSCRIBERS, fannedOut: SUBSCRIBERS });
    expect(view.progress).toMatchObject({ remaining: SUBSCRIBERS, ratePerMinute: 0, etaSeconds: null });
    expect(view.progress.counts).toMatchObject({ queued: SUBSCRIBERS, cancelled: 0, delivered: 0 });
    // Submit claims count towards the rate and the ETA.
    await claimForSubmit({ ctx, input: { items: submitItems.slice(0, 100) } });
    const moving = await getBroadcast({ ctx, input: { id }, principal: principal() });
    expect(moving.progress.ratePerMinute).toBe(100);
    expect(moving.progress.etaSeconds).toBe(Math.ceil((SUBSCRIBERS / 100) * 60));
  });

  it('an emergency broadcast prepares its own steps, the first a small one, with no prepare job', async () => {
    const { id } = await create({ lane: 'emergency' });
    const first = await runOne('broadcast.fanout');
    expect(first).toMatchObject({ outcome: 'continued', created: FIRST_URGENT_STEP });
    // Queued in the step's own transaction, and their submit batches with them.
    expect(await statusesOf(id)).toEqual({ queued: FIRST_URGENT_STEP });
    expect(submitItems).toHaveLength(FIRST_URGENT_STEP);
    expect(jobs.map((j) => j.name)).toEqual(['broadcast.fanout']);
    expect(await runOne('broadcast.fanout')).toMatchObject({ outcome: 'continued', created: FANOUT_BATCH });
    await drain();
    expect(await statusesOf(id)).toEqual({ queued: SUBSCRIBERS });
    expect(submitItems).toHaveLength(SUBSCRIBERS);
    expect(jobs.filter((j) => j.name === 'message.prepare')).toEqual([]);
  });

  it('creates nothing twice when a step is retried or runs twice', async () => {
    const { id } = await create({ name: 'retry' });
    const first = jobs.find((j) => j.name === 'broadcast.fanout');
    await runOne('broadcast.fanout');
    expect(await messageCount(id)).toBe(1_000);
    // The same step again (a pg-boss retry after its commit): the cursor moved on, it does nothing.
    expect(await fanOutBroadcast({ ctx, input: first?.payload as JobPayload<'broadcast.fanout'> })).toEqual({
      outcome: 'stale',
    });
    // Even a step that re-reads recipients already done (cursor lost) creates no second message.
    await t.sql`update broadcasts set cursor = null where id = ${id}`;
    jobs = jobs.filter((j) => j.name !== 'broadcast.fanout');
    const again = await fanOutBroadcast({ ctx, input: { tenantId: salud, broadcastId: id, cursor: null } });
    expect(again).toMatchObject({ outcome: 'continued', created: 0 });
    await drain();
    expect(await messageCount(id)).toBe(SUBSCRIBERS);
    const [dups] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from (select to_phone from messages where broadcast_id = ${id}
      group by to_phone having count(*) > 1) d`;
    expect(dups?.n).toBe(0);
  });

  it('targets a query on attributes and language, and a saved list the same way', async () => {
    const [expected] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from subscribers where status = 'active' and language = 'ca'
      and attributes->>'district' in ('1', '2')`;
    const q = await create({
      name: 'query',
      target: { kind: 'query', where: { district: ['1', '2'] }, language: 'ca' },
    });
    await drain();
    expect(await messageCount(q.id)).toBe(expected?.n);
    const wrong = await t.sql`select 1 from messages where broadcast_id = ${q.id}
      and to_phone in (select phone from subscribers where language <> 'ca' or attributes->>'district' not in ('1','2'))`;
    expect(wrong).toHaveLength(0);

    const list = await createSavedList({
      ctx,
      input: {
        service: 'alertas',
        name: 'Distritos 1 y 2 (ca)',
        filter: { district: ['1', '2'], language: 'ca' },
      },
      principal: principal(),
    });
    expect(list.filter).toEqual({ where: { district: ['1', '2'] }, language: 'ca' });
    expect(await previewSavedList({ ctx, input: { id: list.id }, principal: principal() })).toMatchObject({
      count: expected?.n,
    });
    await expect(
      createSavedList({
        ctx,
        input: { service: 'alertas', name: 'Distritos 1 y 2 (ca)', filter: {} },
        principal: principal(),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const fromList = await create({ name: 'list', target: { kind: 'saved_list', listId: list.id } });
    await drain();
    expect(await messageCount(fromList.id)).toBe(expected?.n);
    // A list of another service cannot be the target; a deleted list leaves its broadcasts intact.
    await expect(
      create({ service: 'citas', target: { kind: 'saved_list', listId: list.id } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('another service') });
    await deleteSavedList({ ctx, input: { id: list.id }, principal: principal() });
    expect((await listSavedLists({ ctx, input: {}, principal: principal() })).lists).toEqual([]);
    expect(
      (await getBroadcast({ ctx, input: { id: fromList.id }, principal: principal() })).target,
    ).toMatchObject({
      kind: 'saved_list',
      where: { district: ['1', '2'] },
    });
  });

  it('copies a sparse target once and fans it out step by step, missing no one', async () => {
    // District 3 is a tenth of the service: sparse. Districts 1-9 are most of it: read in phone order.
    const sparse = await create({ name: 'sparse', target: { kind: 'query', where: { district: '3' } } });
    const dense = await create({
      name: 'dense',
      target: { kind: 'query', where: { district: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] } },
    });
    for (const [b, expectSparse] of [
      [sparse, true],
      [dense, false],
    ] as const) {
      let steps = 0;
      for (;;) {
        const i = jobs.findIndex(
          (j) => j.name === 'broadcast.fanout' && (j.payload as { broadcastId: string }).broadcastId === b.id,
        );
        if (i < 0) break;
        const [job] = jobs.splice(i, 1);
        const payload = job?.payload as JobPayload<'broadcast.fanout'>;
        // The third step as resume queues it: no flags, so the step finds the copy itself.
        const input =
          steps === 2 ? { tenantId: payload.tenantId, broadcastId: b.id, cursor: payload.cursor } : payload;
        const step = await fanOutBroadcast({ ctx, input, batchSize: 70 });
        steps += 1;
        if (step.outcome === 'continued')
          expect(jobs.at(-1)?.payload).toMatchObject({
            broadcastId: b.id,
            sparse: expectSparse,
            ...(expectSparse ? { snapshot: true } : {}),
          });
      }
      expect(steps).toBeGreaterThan(3);
      // The copy (phone numbers) is gone once the fan-out ended.
      const [copy] = await t.sql<{ n: number }[]>`
        select count(*)::int as n from broadcast_recipients where broadcast_id = ${b.id}`;
      expect(copy?.n).toBe(0);
    }
    const [want] = await t.sql<{ sparse: number; dense: number }[]>`
      select count(*) filter (where attributes->>'district' = '3')::int as sparse,
        count(*) filter (where attributes->>'district' <> '10')::int as dense
      from subscribers where status = 'active'`;
    expect(await messageCount(sparse.id)).toBe(want?.sparse);
    expect(await messageCount(dense.id)).toBe(want?.dense);
    const [dupes] = await t.sql<{ n: number }[]>`select count(*)::int as n from (
      select to_phone from messages where broadcast_id = ${sparse.id} group by to_phone having count(*) > 1) d`;
    expect(dupes?.n).toBe(0);
    await drain();
  });

  it('does not copy an emergency sparse target: its first messages go out without waiting for one', async () => {
    const { id } = await create({
      name: 'alert-3',
      lane: 'emergency',
      target: { kind: 'query', where: { district: '3' } },
    });
    const first = await runOne('broadcast.fanout');
    expect(first).toMatchObject({ outcome: 'continued', created: FIRST_URGENT_STEP });
    const next = jobs.find(
      (j) => j.name === 'broadcast.fanout' && (j.payload as { broadcastId: string }).broadcastId === id,
    );
    expect(next?.payload).toMatchObject({ sparse: true });
    expect(next?.payload).not.toHaveProperty('snapshot');
    const [copy] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from broadcast_recipients where broadcast_id = ${id}`;
    expect(copy?.n).toBe(0);
    await drain();
    const [want] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from subscribers where status = 'active' and attributes->>'district' = '3'`;
    expect(await messageCount(id)).toBe(want?.n);
  });

  it('rejects an upload with invalid rows with a report, storing nothing', async () => {
    const [before] = await t.sql<{ n: number }[]>`select count(*)::int as n from broadcasts`;
    const error = await create({
      name: 'upload-bad',
      templates: { es: 'Su mesa: {{mesa}}' },
      target: {
        kind: 'upload',
        recipients: [
          { phone: '+34611000001', attributes: { mesa: '3' } },
          { phone: 'not a phone', attributes: { mesa: '4' } },
          { phone: '+34611000001', attributes: { mesa: '5' } },
          { phone: '+34611000004' },
        ],
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      message: '3 of 4 recipients are invalid; nothing was created',
      details: {
        field: 'target.recipients',
        errors: [
          { row: 2, field: 'phone', reason: expect.any(String) },
          { row: 3, field: 'phone', reason: 'duplicates row 1' },
          { row: 4, field: 'attributes.mesa', reason: 'missing: the template uses {{mesa}}' },
        ],
      },
    });
    const [after] = await t.sql<{ n: number }[]>`select count(*)::int as n from broadcasts`;
    expect(after?.n).toBe(before?.n);
    expect(jobs).toEqual([]);
  });

  it('sends an upload with its per-row attributes; the opt-out ledger rejects an opted-out number', async () => {
    const [svc] = await t.sql<{ id: string }[]>`select id from services where slug = 'alertas'`;
    await t.sql`insert into opt_outs (tenant_id, phone, service_id, source) values (${salud}, '+34611000003', ${svc?.id ?? ''}, 'sms_stop')`;
    const { id } = await create({
      name: 'upload',
      templates: { es: 'Su mesa: {{mesa}}', en: 'Your table: {{mesa}}' },
      target: {
        kind: 'upload',
        recipients: [
          { phone: '+34611000001', attributes: { mesa: '3' } },
          { phone: '+34611000002', language: 'en', attributes: { mesa: '4' } },
          { phone: '+34611000003', attributes: { mesa: '5' } },
        ],
      },
    });
    await drain();
    const rows = await t.sql<{ to_phone: string; body: string; status: string; reason: string | null }[]>`
      select to_phone, body, status, reason from messages where broadcast_id = ${id} order by to_phone`;
    expect(rows).toEqual([
      { to_phone: '+34611000001', body: 'Su mesa: 3', status: 'queued', reason: null },
      { to_phone: '+34611000002', body: 'Your table: 4', status: 'queued', reason: null },
      { to_phone: '+34611000003', body: 'Su mesa: 5', status: 'rejected', reason: 'opted_out' },
    ]);
    // The uploaded list (phone numbers) is gone once fanned out; the messages keep their recipients.
    const [list] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from broadcast_recipients where broadcast_id = ${id}`;
    expect(list?.n).toBe(0);
    expect(
      (await getBroadcast({ ctx, input: { id }, principal: principal() })).progress.counts,
    ).toMatchObject({
      queued: 2,
      rejected: 1,
    });
  });

  it('refuses a placeholder no subscriber of the target has, and rejects recipients missing one others have', async () => {
    await expect(
      create({
        name: 'typo',
        target: { kind: 'query', where: { district: '1' } },
        templates: { es: 'Distrito {{distrito}}' },
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'templates.es: no subscriber of this target has "distrito", used as {{distrito}}',
      details: { field: 'templates.es' },
    });
    // Only one subscriber of district 1 has a health centre on file.
    await t.sql`update subscribers set attributes = attributes || '{"centro":"CS Benimaclet"}' where phone = '+34600000010'`;
    const { id } = await create({
      name: 'placeholder',
      target: { kind: 'query', where: { district: '1' } },
      templates: { es: 'Cita en {{centro}}', ca: 'Cita a {{centro}}' },
    });
    await drain();
    const [expected] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from subscribers where status = 'active' and attributes->>'district' = '1'`;
    expect(await statusesOf(id)).toEqual({
      queued: 1,
      'rejected/missing_placeholder': (expected?.n ?? 0) - 1,
    });
    const [one] = await t.sql<{ body: string }[]>`
      select body from messages where broadcast_id = ${id} and status = 'queued'`;
    expect(one?.body).toBe('Cita a CS Benimaclet');
  });
});

describe('pause, resume, cancel', { timeout: 60_000 }, () => {
  it('pauses at the next step and resumes from where it stopped', async () => {
    const { id } = await create({ name: 'pause' });
    await runOne('broadcast.fanout');
    expect((await pauseBroadcast({ ctx, input: { id }, principal: principal() })).status).toBe('paused');
    expect(await runOne('broadcast.fanout')).toEqual({ outcome: 'stopped', status: 'paused' });
    expect(jobs.filter((j) => j.name === 'broadcast.fanout')).toEqual([]);
    expect(await messageCount(id)).toBe(1_000);
    const resumed = await resumeBroadcast({ ctx, input: { id }, principal: principal() });
    expect(resumed.status).toBe('running');
    expect(resumed.progress.remaining).toBe(SUBSCRIBERS);
    await drain();
    expect(await messageCount(id)).toBe(SUBSCRIBERS);
    expect((await getBroadcast({ ctx, input: { id }, principal: principal() })).status).toBe('completed');
    await expect(pauseBroadcast({ ctx, input: { id }, principal: principal() })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('cancels mid-flight everything not yet submitted, and the fan-out stops', async () => {
    const { id } = await create({ name: 'cancel' });
    await runOne('broadcast.fanout');
    await runOne('broadcast.fanout');
    await drain(['message.prepare']);
    expect(await statusesOf(id)).toEqual({ queued: 2_000 });
    // Ten are already being submitted: those go on.
    const claimed = await claimForSubmit({ ctx, input: { items: submitItems.slice(0, 10) } });
    expect(claimed).toHaveLength(10);
    const view = await cancelBroadcast({ ctx, input: { id }, principal: principal() });
    expect(view.status).toBe('cancelled');
    // The first 1,000 in the request, the rest by a broadcast.cancel job.
    expect(jobs.filter((j) => j.name === 'broadcast.cancel')).toHaveLength(1);
    await drain();
    expect(await messageCount(id)).toBe(2_000);
    expect(await statusesOf(id)).toEqual({ 'cancelled/cancelled_by_user': 1_990, queued: 10 });
    // The submit worker drops the cancelled ones.
    expect(await claimForSubmit({ ctx, input: { items: submitItems.slice(10) } })).toEqual([]);
    const after = await getBroadcast({ ctx, input: { id }, principal: principal() });
    expect(after.progress).toMatchObject({ remaining: 10, counts: { cancelled: 1_990, queued: 10 } });
    // Idempotent.
    expect((await cancelBroadcast({ ctx, input: { id }, principal: principal() })).status).toBe('cancelled');
  });

  it('another agency can neither see nor cancel the broadcast', async () => {
    const { id } = await create({ name: 'mine' });
    const other = { tenantId: otra, actor: user };
    await expect(getBroadcast({ ctx, input: { id }, principal: other })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(cancelBroadcast({ ctx, input: { id }, principal: other })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(pauseBroadcast({ ctx, input: { id }, principal: other })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await listBroadcasts({ ctx, input: {}, principal: other })).broadcasts).toEqual([]);
    expect(
      (await listBroadcasts({ ctx, input: {}, principal: principal() })).broadcasts.map((b) => b.id),
    ).toContain(id);
    // Nor fan it out under its own tenant: the step finds no such broadcast.
    expect(await fanOutBroadcast({ ctx, input: { tenantId: otra, broadcastId: id, cursor: null } })).toEqual({
      outcome: 'stale',
    });
    expect((await getBroadcast({ ctx, input: { id }, principal: principal() })).status).toBe('running');
  });
});

// Thousands of rows per test on a shared 2-core machine.
describe('supersede, expiry, idempotency', { timeout: 60_000 }, () => {
  it('a newer version to the same audience cancels every unsent message of the older one', async () => {
    const old = await create({ name: 'resultados v1' });
    await runOne('broadcast.fanout');
    await drain(['message.prepare']);
    jobs = jobs.filter((j) => j.name !== 'broadcast.fanout');
    const next = await create({ name: 'resultados v2', supersedes: old.id });
    expect((await getBroadcast({ ctx, input: { id: old.id }, principal: principal() })).status).toBe(
      'superseded',
    );
    await drain();
    expect(await statusesOf(old.id)).toEqual({ 'cancelled/superseded': 1_000 });
    expect(await messageCount(next.id)).toBe(SUBSCRIBERS);
    expect((await getBroadcast({ ctx, input: { id: next.id }, principal: principal() })).supersedes).toBe(
      old.id,
    );
    // The old fan-out, were its step still queued, stops.
    expect(
      await fanOutBroadcast({ ctx, input: { tenantId: salud, broadcastId: old.id, cursor: null } }),
    ).toMatchObject({
      outcome: 'stopped',
    });
    await expect(create({ name: 'v3', supersedes: old.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a newer version to part of the audience cancels the older messages of just those recipients', async () => {
    const old = await create({ name: 'aviso v1' });
    await drain();
    const next = await create({
      name: 'aviso v2 distrito 1',
      target: { kind: 'query', where: { district: '1' } },
      supersedes: old.id,
    });
    expect(jobs.filter((j) => j.name === 'broadcast.cancel')).toEqual([]);
    await drain();
    const inDistrict = await messageCount(next.id);
    expect(inDistrict).toBe(SUBSCRIBERS / 10);
    expect(await statusesOf(old.id)).toEqual({
      'cancelled/superseded': inDistrict,
      queued: SUBSCRIBERS - inDistrict,
    });
    const [wrong] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from messages m join subscribers s on s.phone = m.to_phone
      where m.broadcast_id = ${old.id} and m.status = 'cancelled' and s.attributes->>'district' <> '1'`;
    expect(wrong?.n).toBe(0);
  });

  it('messages past validUntil when prepared end expired, never queued', async () => {
    const validUntil = new Date(Date.now() + 60_000);
    const { id } = await create({
      name: 'caducado',
      target: { kind: 'query', where: { district: '2' } },
      validUntil: validUntil.toISOString(),
    });
    await drain(['broadcast.fanout']);
    await drain(['message.prepare'], { ...ctx, now: () => new Date(validUntil.getTime() + 1_000) });
    expect(await statusesOf(id)).toEqual({ 'expired/validity_expired': SUBSCRIBERS / 10 });
    expect(submitItems).toEqual([]);
  });

  it('deletes the uploaded list of a broadcast cancelled before its fan-out', async () => {
    const { id } = await create({
      name: 'upload-later',
      templates: { es: 'Aviso' },
      sendAt: new Date(Date.now() + 86_400_000).toISOString(),
      target: { kind: 'upload', recipients: [{ phone: '+34611000011' }, { phone: '+34611000012' }] },
    });
    const listed = async () =>
      (
        await t.sql<
          { n: number }[]
        >`select count(*)::int as n from broadcast_recipients where broadcast_id = ${id}`
      )[0]?.n;
    expect(await listed()).toBe(2);
    await cancelBroadcast({ ctx, input: { id }, principal: principal() });
    expect(await listed()).toBe(0);
    await drain();
    expect(await messageCount(id)).toBe(0);
  });

  it('schedules the fan-out at sendAt, and answers a repeated Idempotency-Key with the first broadcast', async () => {
    const sendAt = new Date(Date.now() + 3_600_000);
    const input = { name: 'programado', sendAt: sendAt.toISOString() };
    const first = await create(input, 'key-1');
    expect(first.status).toBe('scheduled');
    expect(jobs).toEqual([
      {
        name: 'broadcast.fanout',
        payload: { tenantId: salud, broadcastId: first.id, cursor: null },
        options: expect.objectContaining({ startAfter: sendAt }),
      },
    ]);
    expect(await create(input, 'key-1')).toEqual(first);
    expect(jobs).toHaveLength(1);
    await expect(create({ ...input, name: 'otro' }, 'key-1')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(create({ templates: { es: 'Hola {{Nombre}}' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: { field: 'templates.es' },
    });
  });
});
