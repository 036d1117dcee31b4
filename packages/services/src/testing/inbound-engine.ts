import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import type { JobName, JobPayload } from '@pregon/domain';
import { addCarrier } from '../carriers/add.ts';
import type { JobQueue, ServiceContext } from '../context.ts';
import type { InboundLimits } from '../inbound/guard.ts';
import { processInboundMessages } from '../inbound/process.ts';
import { recordInboundMessages } from '../inbound/record.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';

/** One MO as a carrier delivers it: whole, GSM text; `receivedAt` defaults to now. */
export interface TestMo {
  source: string;
  destination: string;
  text: string;
  receivedAt?: Date;
}

/** The keyword engine fed MO the way the gateway feeds it, with the jobs it enqueues kept for the test. */
export interface InboundEngine {
  /** The context MO are handled with: the recording queue and the test's inbound limits. */
  ctx: ServiceContext;
  carrierId: string;
  /** Every job enqueued through `ctx`, in order; a test empties it with `jobs.length = 0`. */
  jobs: Array<{ name: JobName; payload: unknown }>;
  /** Stores one MO and runs the keyword engine on it (with `ctx`, unless given another); returns its id. */
  mo(input: TestMo, ctx?: ServiceContext): Promise<string>;
}

/**
 * A carrier on `base`'s database and an engine context over it, for tests that drive the keyword engine.
 * @example const engine = await inboundEngine(p.services, { maxPerWindow: 3, windowSeconds: 600, repliesPerHour: 50, autoReplySeconds: 0 });
 */
export async function inboundEngine(
  base: Omit<ServiceContext, 'queue'>,
  inboundLimits: InboundLimits,
): Promise<InboundEngine> {
  const jobs: InboundEngine['jobs'] = [];
  const queue: JobQueue = {
    enqueue: async <N extends JobName>(_tx: unknown, name: N, payloads: JobPayload<N>[]) => {
      for (const payload of payloads) jobs.push({ name, payload });
    },
    enqueueRaw: async () => {},
  };
  const ctx: ServiceContext = { ...base, queue, inboundLimits };
  const { id: carrierId } = await addCarrier({
    ctx,
    input: { name: 'movistar', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw9x7q2z' },
    actor: { kind: 'cli' },
  });
  return {
    ctx,
    carrierId,
    jobs,
    async mo({ source, destination, text, receivedAt = new Date() }, using = ctx) {
      const [id] = await recordInboundMessages({
        ctx,
        input: [
          {
            carrierId,
            source,
            destination,
            text,
            dataCoding: 0,
            parts: 1,
            complete: true,
            missing: [],
            receivedAt,
          },
        ],
      });
      if (id === undefined) throw new Error(`MO "${text}" from ${source} not stored`);
      await processInboundMessages({ ctx: using, input: { inboundMessageIds: [id] } });
      return id;
    },
  };
}

/** Limits loose enough that MO seconds apart are all answered: for tests not about the abuse guard. */
export const RELAXED_INBOUND_LIMITS: InboundLimits = {
  maxPerWindow: 100,
  windowSeconds: 600,
  repliesPerHour: 100,
  autoReplySeconds: 0,
};

export interface TestInboundEngine extends InboundEngine {
  t: TestDatabase;
}

/** A fresh migrated database of its own (carrier secrets included) with an inbound engine on it. */
export async function startInboundEngine(
  label: string,
  inboundLimits: InboundLimits = RELAXED_INBOUND_LIMITS,
): Promise<TestInboundEngine> {
  const t = await createTestDatabase(label);
  try {
    const secrets = createCarrierSecrets(randomBytes(32));
    return { ...(await inboundEngine({ db: t.db, secrets }, inboundLimits)), t };
  } catch (err) {
    await t.drop();
    throw err;
  }
}
