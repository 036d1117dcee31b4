import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auditEvents, messages, webhooks, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { JobName, JobPayload } from '@pregon/domain';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import type { EnqueueOptions, JobQueue, ServiceContext } from '../context.ts';
import { applyTransitions } from '../messages/transition.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { createWebhook } from './create.ts';
import { deliverWebhookEvents } from './deliver.ts';
import { listWebhookAttempts } from './list-attempts.ts';
import { rotateWebhookSecret } from './rotate-secret.ts';
import { setWebhookEnabled } from './set-enabled.ts';
import { verifyWebhookSignature } from './signature.ts';

type Deliver = JobPayload<'webhook.deliver'>;
/** Remembers what was enqueued, so tests run the jobs themselves. */
class RecordingQueue implements JobQueue {
  jobs: Array<{ payload: Deliver; options: EnqueueOptions | undefined }> = [];
  async enqueue<N extends JobName>(
    _tx: unknown,
    name: N,
    payloads: JobPayload<N>[],
    options?: EnqueueOptions,
  ) {
    if (name !== 'webhook.deliver') throw new Error(`unexpected job ${name}`);
    for (const p of payloads) this.jobs.push({ payload: p as Deliver, options });
  }
  async enqueueRaw() {
    throw new Error('unexpected raw enqueue');
  }
  take(): Deliver[] {
    const out = this.jobs.map((j) => j.payload);
    this.jobs = [];
    return out;
  }
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
/** A local receiver answering `status()` for every request. */
async function receiver(status: (n: number) => number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status(received.length)).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

let t: TestDatabase;
let ctx: ServiceContext;
let queue: RecordingQueue;
let now = new Date('2026-03-01T10:00:00Z');
let tenantA = '';
let tenantB = '';
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  t = await createTestDatabase('services_webhooks');
  queue = new RecordingQueue();
  ctx = {
    db: t.db,
    queue,
    secrets: createCarrierSecrets(randomBytes(32)),
    now: () => now,
    webhooks: { allowLoopback: true, maxConsecutiveFailures: 3, retryBaseMs: 1000, timeoutMs: 2000 },
  };
  tenantA = (await createAgency({ ctx, input: { slug: 'salud-wh', name: 'Salud' }, actor: cli })).id;
  tenantB = (await createAgency({ ctx, input: { slug: 'escuela-wh', name: 'Escuela' }, actor: cli })).id;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  queue.take();
  now = new Date(Date.now());
  await t.db.delete(webhooks);
});

/** Queued messages of a tenant, ready to be submitted. */
async function queuedMessages(tenantId: string, n: number, reference = 'ref') {
  return withTenant(t.db, tenantId, async (tx) => {
    const rows = await tx
      .insert(messages)
      .values(
        Array.from({ length: n }, (_, i) => ({
          tenantId,
          toPhone: `+3460000000${i}`,
          fromAddr: 'SALUD',
          body: 'x',
          status: 'queued' as const,
          reference: `${reference}-${i}`,
        })),
      )
      .returning({ id: messages.id });
    return rows.map((r) => r.id);
  });
}

const move = (tenantId: string, ids: string[], status: 'submitted' | 'delivered' | 'queued') =>
  withTenant(t.db, tenantId, (tx) =>
    applyTransitions(
      tx,
      tenantId,
      ids.map((id) => ({ id, status })),
      queue,
    ),
  );

describe('status events', () => {
  it('are signed with the secret and sent once per moved message, one job per batch', async () => {
    const r = await receiver(() => 204);
    try {
      const hook = await createWebhook({ ctx, tenantId: tenantA, input: { url: r.url }, actor: cli });
      expect(hook.secret).toMatch(/^whsec_/);
      const ids = await queuedMessages(tenantA, 3);
      await move(tenantA, ids, 'submitted');
      const jobs = queue.take();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.events).toHaveLength(3);
      for (const job of jobs) await deliverWebhookEvents({ ctx, input: job });

      expect(r.received).toHaveLength(3);
      const seen = new Set<string>();
      for (const { headers, body } of r.received) {
        const event = JSON.parse(body) as { id: string; type: string; data: Record<string, unknown> };
        expect(headers['content-type']).toBe('application/json');
        expect(headers['pregon-event-id']).toBe(event.id);
        const header = String(headers['pregon-signature']);
        expect(verifyWebhookSignature({ header, body, secret: hook.secret, now })).toBe(true);
        expect(verifyWebhookSignature({ header, body, secret: 'whsec_wrong', now })).toBe(false);
        expect(verifyWebhookSignature({ header, body: `${body} `, secret: hook.secret, now })).toBe(false);
        expect(event.type).toBe('message.status');
        expect(event.data).toMatchObject({ status: 'submitted', reason: null });
        seen.add(String(event.data.messageId));
      }
      expect([...seen].sort()).toEqual([...ids].sort());
      const attempts = await listWebhookAttempts({ ctx, tenantId: tenantA, input: { id: hook.id } });
      expect(attempts.map((a) => [a.statusCode, a.ok])).toEqual([
        [204, true],
        [204, true],
        [204, true],
      ]);
    } finally {
      await r.close();
    }
  });

  it('queue nothing for internal statuses, nor for an agency without an enabled webhook', async () => {
    const hook = await createWebhook({
      ctx,
      tenantId: tenantA,
      input: { url: 'http://127.0.0.1:9/x' },
      actor: cli,
    });
    const [a] = await queuedMessages(tenantA, 1);
    await move(tenantA, [a ?? ''], 'queued');
    expect(queue.take()).toHaveLength(0);
    await setWebhookEnabled({ ctx, tenantId: tenantA, input: { id: hook.id, enabled: false }, actor: cli });
    await move(tenantA, [a ?? ''], 'submitted');
    expect(queue.take()).toHaveLength(0);
  });

  it("of tenant A never reach tenant B's webhook", async () => {
    const rb = await receiver(() => 200);
    try {
      const hookB = await createWebhook({ ctx, tenantId: tenantB, input: { url: rb.url }, actor: cli });
      const hookA = await createWebhook({
        ctx,
        tenantId: tenantA,
        input: { url: 'http://127.0.0.1:9/a' },
        actor: cli,
      });
      await move(tenantA, await queuedMessages(tenantA, 2), 'submitted');
      const jobs = queue.take();
      expect(jobs.map((j) => j.webhookId)).toEqual([hookA.id]);
      // A forged job naming B's webhook under A's tenant finds nothing (row-level security).
      const forged = { ...(jobs[0] as Deliver), webhookId: hookB.id };
      const report = await deliverWebhookEvents({ ctx, input: forged });
      expect(report.skipped).toBe(2);
      expect(rb.received).toHaveLength(0);
    } finally {
      await rb.close();
    }
  });
});

describe('secret rotation', () => {
  it('signs with both secrets during the grace period, then only with the new one', async () => {
    const r = await receiver(() => 200);
    try {
      const hook = await createWebhook({ ctx, tenantId: tenantA, input: { url: r.url }, actor: cli });
      const rotated = await rotateWebhookSecret({
        ctx,
        tenantId: tenantA,
        input: { id: hook.id, graceSeconds: 3600 },
        actor: cli,
      });
      expect(rotated.secret).not.toBe(hook.secret);
      await move(tenantA, await queuedMessages(tenantA, 1), 'submitted');
      const [job] = queue.take();
      if (!job) throw new Error('no job');
      await deliverWebhookEvents({ ctx, input: job });
      const first = r.received[0];
      if (!first) throw new Error('nothing received');
      const header = String(first.headers['pregon-signature']);
      expect(header.match(/v1=/g)).toHaveLength(2);
      for (const secret of [hook.secret, rotated.secret])
        expect(verifyWebhookSignature({ header, body: first.body, secret, now })).toBe(true);

      now = new Date(now.getTime() + 3601_000);
      await move(tenantA, await queuedMessages(tenantA, 1), 'submitted');
      const [later] = queue.take();
      if (!later) throw new Error('no job');
      await deliverWebhookEvents({ ctx, input: later });
      const second = r.received[1];
      if (!second) throw new Error('nothing received');
      const h2 = String(second.headers['pregon-signature']);
      expect(verifyWebhookSignature({ header: h2, body: second.body, secret: rotated.secret, now })).toBe(
        true,
      );
      expect(verifyWebhookSignature({ header: h2, body: second.body, secret: hook.secret, now })).toBe(false);
    } finally {
      await r.close();
    }
  });
});

describe('failures', () => {
  it('are logged, retried with a doubling delay, and disable the webhook at the threshold', async () => {
    const r = await receiver(() => 500);
    try {
      const hook = await createWebhook({ ctx, tenantId: tenantA, input: { url: r.url }, actor: cli });
      await move(tenantA, await queuedMessages(tenantA, 2), 'submitted');
      let [job] = queue.take();
      const delays: number[] = [];
      for (let i = 0; i < 3 && job; i++) {
        const report = await deliverWebhookEvents({ ctx, input: job });
        expect(report.failed).toBe(true);
        const next = queue.jobs[0];
        if (next?.options?.startAfter) delays.push(next.options.startAfter.getTime() - now.getTime());
        [job] = queue.take();
      }
      // Stops at the first failure each time: 3 tries, 1 request each.
      expect(r.received).toHaveLength(3);
      expect(delays).toEqual([1000, 2000]);
      expect(job).toBeUndefined();
      const [row] = await withTenant(t.db, tenantA, (tx) =>
        tx.select().from(webhooks).where(eq(webhooks.id, hook.id)),
      );
      expect(row).toMatchObject({ enabled: false, consecutiveFailures: 3 });
      expect(row?.disabledReason).toContain('3 consecutive failed deliveries (last: HTTP 500)');
      const audit = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'webhook.auto_disable'), eq(auditEvents.target, hook.id)));
      expect(audit).toHaveLength(1);
      const attempts = await listWebhookAttempts({ ctx, tenantId: tenantA, input: { id: hook.id } });
      expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
        [3, 500],
        [2, 500],
        [1, 500],
      ]);
      // Disabled: new transitions queue nothing.
      await move(tenantA, await queuedMessages(tenantA, 1), 'submitted');
      expect(queue.take()).toHaveLength(0);
    } finally {
      await r.close();
    }
  });

  it('resume where they stopped, and a success resets the count', async () => {
    const r = await receiver((n) => (n === 2 ? 503 : 200));
    try {
      const hook = await createWebhook({ ctx, tenantId: tenantA, input: { url: r.url }, actor: cli });
      await move(tenantA, await queuedMessages(tenantA, 3), 'submitted');
      const [job] = queue.take();
      if (!job) throw new Error('no job');
      const first = await deliverWebhookEvents({ ctx, input: job });
      expect(first).toMatchObject({ delivered: 1, failed: true });
      const [retry] = queue.take();
      expect(retry?.events.map((e) => e.id)).toEqual(job.events.slice(1).map((e) => e.id));
      if (!retry) throw new Error('no retry');
      expect(await deliverWebhookEvents({ ctx, input: retry })).toMatchObject({
        delivered: 2,
        failed: false,
      });
      // The original job run again (a pg-boss retry) sends nothing twice.
      expect(await deliverWebhookEvents({ ctx, input: job })).toMatchObject({ delivered: 0, skipped: 3 });
      expect(r.received).toHaveLength(4);
      const [row] = await withTenant(t.db, tenantA, (tx) =>
        tx.select().from(webhooks).where(eq(webhooks.id, hook.id)),
      );
      expect(row?.consecutiveFailures).toBe(0);
    } finally {
      await r.close();
    }
  });
});

describe('createWebhook', () => {
  it('refuses without a secret key, and refuses bad URLs', async () => {
    const { secrets: _s, ...keyless } = ctx;
    await expect(
      createWebhook({ ctx: keyless, tenantId: tenantA, input: { url: 'https://example.org/h' }, actor: cli }),
    ).rejects.toThrow(/secret key/);
    await expect(
      createWebhook({ ctx, tenantId: tenantA, input: { url: 'ftp://example.org/h' }, actor: cli }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      createWebhook({
        ctx: { ...ctx, webhooks: {} },
        tenantId: tenantA,
        input: { url: 'http://127.0.0.1:8080/h' },
        actor: cli,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
