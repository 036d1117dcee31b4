import { messageEvents, messages, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { AppError, LANES } from '@pregon/domain';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import type { EnqueueOptions, JobQueue, ServiceContext } from '../context.ts';
import { createService } from '../services/create.ts';
import { type SendOutcome, type SendRequest, sendMessage, sendMessages } from './send.ts';

let t: TestDatabase;
let jobs: Array<{ payloads: unknown[]; options: EnqueueOptions | undefined }> = [];
const queue: JobQueue = {
  enqueue: async (_tx, _name, payloads, options) => {
    jobs.push({ payloads, options });
  },
  enqueueRaw: async () => {},
};
const ctx: ServiceContext = { db: null as never, queue };
let salud = '';
let educacion = '';
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  t = await createTestDatabase('services_send_many');
  ctx.db = t.db;
  salud = (await createAgency({ ctx, input: { slug: 'salud', name: 'Salud' }, actor: cli })).id;
  educacion = (await createAgency({ ctx, input: { slug: 'educacion', name: 'Educación' }, actor: cli })).id;
  await createService({
    ctx,
    input: { agencySlug: 'salud', slug: 'citas', name: 'Citas', type: 'health' },
    actor: cli,
  });
  await createService({
    ctx,
    input: { agencySlug: 'educacion', slug: 'faltas', name: 'Faltas', type: 'education' },
    actor: cli,
  });
  for (const [tenant, value] of [
    [salud, 'SALUD'],
    [educacion, 'EDUCACION'],
  ] as const)
    await t.sql`insert into senders (tenant_id, kind, value, is_default) values (${tenant}, 'alphanumeric', ${value}, true)`;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  jobs = [];
});

const req = (tenantId: string, to: string, extra: Partial<SendRequest['input']> = {}, key?: string) => ({
  input: { to, text: `Aviso para ${to}`, ...extra },
  principal: { tenantId, apiKeyId: null },
  ...(key === undefined ? {} : { idempotencyKey: key }),
});

const failure = (o: SendOutcome | undefined) =>
  o && !o.ok && o.error instanceof AppError ? `${o.error.code}: ${o.error.message}` : 'not an AppError';

async function rowsOf(tenantId: string, outcomes: SendOutcome[]) {
  const ids = outcomes.flatMap((o) => (o.ok && !o.value.replayed ? [o.value.body.id] : []));
  return withTenant(t.db, tenantId, (tx) => tx.select().from(messages).where(inArray(messages.id, ids)));
}

describe('sendMessages (group commit)', () => {
  it('stores the good requests of a batch and fails only the bad ones, each with its own error', async () => {
    const outcomes = await sendMessages({
      ctx,
      requests: [
        req(salud, '+34600000001', { service: 'citas' }),
        req(salud, 'not-a-phone'),
        req(salud, '+34600000002', { service: 'faltas' }),
        req(salud, '+34600000003', { from: 'NOPE' }),
        req(salud, '+34600000004', { sendAt: '2030-01-01T10:00:00Z' }),
        req(educacion, '+34600000005', { service: 'faltas' }),
      ],
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, false, true, true]);
    expect(failure(outcomes[1])).toMatch(/^BAD_REQUEST: "to"/);
    // Another agency's service is unknown here, exactly as when sent alone.
    expect(failure(outcomes[2])).toBe('BAD_REQUEST: Unknown service "faltas"');
    expect(failure(outcomes[3])).toBe(`BAD_REQUEST: "from" NOPE is not one of this agency's senders`);
    const saludRows = await rowsOf(salud, outcomes);
    expect(saludRows.map((r) => [r.toPhone, r.status]).sort()).toEqual([
      ['+34600000001', 'accepted'],
      ['+34600000004', 'scheduled'],
    ]);
    const [faltas] = await rowsOf(educacion, outcomes);
    expect(faltas?.toPhone).toBe('+34600000005');
    // Each stored message has its first history row.
    const events = await withTenant(t.db, salud, (tx) =>
      tx
        .select()
        .from(messageEvents)
        .where(
          inArray(
            messageEvents.messageId,
            saludRows.map((r) => r.id),
          ),
        ),
    );
    expect(events).toHaveLength(2);
    // One prepare job per agency, priority and start: now, at sendAt, and the other agency's.
    expect(jobs).toHaveLength(3);
    const scheduled = jobs.find((j) => j.options?.startAfter !== undefined);
    expect(scheduled?.options?.startAfter?.toISOString()).toBe('2030-01-01T10:00:00.000Z');
    expect(jobs.every((j) => j.options?.priority === LANES.transactional)).toBe(true);
  });

  it('answers Idempotency-Keys as sendMessage does: replay, conflict, and a key twice in one batch', async () => {
    const first = await sendMessage({ ctx, ...req(salud, '+34600000010', {}, 'key-1') });
    const outcomes = await sendMessages({
      ctx,
      requests: [
        req(salud, '+34600000010', {}, 'key-1'),
        req(salud, '+34600000099', {}, 'key-1'),
        req(salud, '+34600000011', {}, 'key-2'),
        req(salud, '+34600000011', {}, 'key-2'),
        req(salud, '+34600000012', {}, 'key-3'),
      ],
    });
    expect(outcomes[0]).toEqual({ ok: true, value: { replayed: true, body: first.body } });
    expect(failure(outcomes[1])).toMatch(/^CONFLICT: /);
    expect(outcomes[2]?.ok && outcomes[2].value.replayed).toBe(false);
    // The repeat went alone after the batch and got the first one's answer back.
    expect(outcomes[3]).toEqual({
      ok: true,
      value: { replayed: true, body: outcomes[2]?.ok ? outcomes[2].value.body : null },
    });
    expect(outcomes[4]?.ok).toBe(true);
    const stored = await withTenant(t.db, salud, (tx) =>
      tx.select().from(messages).where(eq(messages.toPhone, '+34600000011')),
    );
    expect(stored).toHaveLength(1);
  });

  it('falls back to one request at a time when the database refuses the batch, losing none', async () => {
    // The batch's transaction fails once as a whole (as on a key stored by a racing request between
    // its read and its write); everything it wrote rolls back and each request is sent again alone.
    let failures = 1;
    const flaky: ServiceContext = {
      ...ctx,
      queue: {
        enqueue: async (tx, name, payloads, options) => {
          if (failures-- > 0) throw new Error('could not serialize access');
          await queue.enqueue(tx, name, payloads, options);
        },
        enqueueRaw: async () => {},
      },
    };
    const phones = ['+34600000020', '+34600000021', '+34600000022'];
    const outcomes = await sendMessages({
      ctx: flaky,
      requests: [
        req(salud, phones[0] ?? ''),
        req(salud, phones[1] ?? '', {}, 'fallback'),
        req(salud, phones[2] ?? ''),
      ],
    });
    expect(outcomes.every((o) => o.ok && !o.value.replayed)).toBe(true);
    const stored = await withTenant(t.db, salud, (tx) =>
      tx.select().from(messages).where(inArray(messages.toPhone, phones)),
    );
    expect(stored.map((r) => r.toPhone).sort()).toEqual(phones);
    expect(jobs).toHaveLength(3);
  });
});
