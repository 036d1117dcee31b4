import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  addInboundNumber,
  addKeyword,
  listSubscribers,
  noJobQueue,
  type ServiceContext,
} from '@pregon/services';
import { decodeShortMessage } from '@pregon/sms';
import { expect } from 'vitest';
import { type Stack, type StackOptions, startStack } from '../../stack.ts';
import { until, waitForBoundLink } from './wait.ts';

/** The actor of set-up done as the platform operator would, with the `pregon` CLI. */
export const cli = { kind: 'cli' } as const;

/** An MO the keyword engine has handled. */
export interface HandledMo {
  id: string;
  tenant_id: string | null;
  service_id: string | null;
}

/**
 * A citizen's phone against the in-process stack: texts go in as SMPP deliver_sm from the simulator,
 * answers are read where the carrier would see them (the simulator's submit_sm), and the REST API is
 * called with the demo agencies' keys.
 */
export function citizenOverSmpp(stack: Stack, t: TestDatabase, timeoutMs = 20_000) {
  const waitFor = <T>(what: string, probe: () => Promise<T | undefined>) => until(what, probe, timeoutMs);
  const ctx = { db: t.db, queue: noJobQueue };
  const cli = { kind: 'cli' } as const;

  const apiKey = (slug: string) => {
    const agency = stack.demo.agencies.find((a) => a.slug === slug);
    if (!agency) throw new Error(`no demo agency ${slug}`);
    return agency.apiKey;
  };

  /** Every text the simulated SMSC received for `phone` (digits, no +), concatenated parts joined. */
  function textsTo(phone: string): string[] {
    const whole: string[] = [];
    const parts = new Map<string, Array<{ seq: number; total: number; text: string }>>();
    for (const s of stack.simulator.submits) {
      if (s.destination !== phone) continue;
      // Decoded with its UDH, so national shift tables (Spanish í, ú) and concatenation apply.
      const decoded = decodeShortMessage(s.dataCoding, s.shortMessage, { udhi: s.udh !== null });
      const text = decoded.text;
      const concat = decoded.udh?.concat;
      if (!concat) {
        whole.push(text);
        continue;
      }
      const key = `${s.source}:${concat.ref}`;
      const got = [...(parts.get(key) ?? []), { seq: concat.seq, total: concat.total, text }];
      parts.set(key, got);
      if (got.length === concat.total)
        whole.push(
          got
            .sort((a, b) => a.seq - b.seq)
            .map((p) => p.text)
            .join(''),
        );
    }
    return whole;
  }

  return {
    waitFor,
    apiKey,
    textsTo,

    /** Texts `text` from `phone` to `number` over SMPP and waits until the engine handled that MO. */
    async mo(phone: string, number: string, text: string): Promise<HandledMo> {
      const before = await t.sql<Array<{ id: string }>>`
        select id from inbound_messages where source = ${`+${phone}`} and text = ${text}`;
      const seen = new Set(before.map((r) => r.id));
      expect(await stack.simulator.injectMo({ from: phone, to: number, text })).toEqual([0]);
      return waitFor(`MO "${text}" from ${phone} processed`, async () => {
        const rows = await t.sql<HandledMo[]>`
          select id, tenant_id, service_id from inbound_messages
          where source = ${`+${phone}`} and text = ${text} and processed_at is not null`;
        return rows.find((r) => !seen.has(r.id));
      });
    },

    /**
     * The automatic reply to one MO, once the simulated SMSC received it from `from`; checks the text
     * the carrier got is the text stored.
     */
    async reply(moId: string, from: string): Promise<string> {
      const row = await waitFor(`reply to ${moId} submitted`, async () => {
        const [m] = await t.sql<Array<{ body: string; to_phone: string; from_addr: string; status: string }>>`
          select body, to_phone, from_addr, status from messages where in_reply_to = ${moId}`;
        return m && ['submitted', 'delivered'].includes(m.status) ? m : undefined;
      });
      expect(row.from_addr).toBe(from);
      const phone = row.to_phone.slice(1);
      await waitFor(`"${row.body}" at the simulator for ${phone}`, async () =>
        textsTo(phone).includes(row.body) ? true : undefined,
      );
      expect(stack.simulator.submits.some((s) => s.destination === phone && s.source === from)).toBe(true);
      return row.body;
    },

    /** The MO got no automatic reply (the engine writes a reply in the transaction that handles the MO). */
    async noReply(moId: string): Promise<void> {
      const rows = await t.sql`select id from messages where in_reply_to = ${moId}`;
      expect(rows).toEqual([]);
    },

    async subscriber(service: string, phone: string, agency?: string) {
      return (
        await listSubscribers({
          ctx,
          input: { serviceSlug: service, ...(agency ? { agencySlug: agency } : {}) },
          actor: cli,
        })
      ).subscribers.find((s) => s.phone === phone);
    },

    /** POST /v1/messages as the agency; returns the message id. */
    async restSend(agencySlug: string, body: object): Promise<string> {
      const res = await fetch(`${stack.baseUrl}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey(agencySlug)}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      return id;
    },

    /** The message once final (delivered, rejected or failed), as GET /v1/messages/{id} shows it. */
    async finalStatus(agencySlug: string, id: string) {
      return waitFor(`message ${id} final`, async () => {
        const res = await fetch(`${stack.baseUrl}/v1/messages/${id}`, {
          headers: { authorization: `Bearer ${apiKey(agencySlug)}` },
        });
        const m = (await res.json()) as { status: string; reason: string | null };
        return ['delivered', 'rejected', 'failed'].includes(m.status) ? m : undefined;
      });
    },
  };
}

export type Citizen = ReturnType<typeof citizenOverSmpp>;

/** The stack a citizen's texts go through, on a database of its own, its gateway bound to the simulator. */
export interface CitizenStack {
  t: TestDatabase;
  stack: Stack;
  /** Services context for set-up and for verbs a test calls directly (no job queue). */
  ctx: ServiceContext;
  phone: Citizen;
  stop(): Promise<void>;
}

/**
 * Starts the stack (with the demo agencies) on a fresh database and a citizen's phone against it.
 * @example const e2e = await startCitizenStack('keywords_e2e', { webhooks: { allowLoopback: true } });
 */
export async function startCitizenStack(
  label: string,
  options: Omit<StackOptions, 'databaseUrl'> & { timeoutMs?: number } = {},
): Promise<CitizenStack> {
  const { timeoutMs, ...stackOptions } = options;
  const t = await createTestDatabase(label);
  let started: Stack | undefined;
  try {
    started = await startStack({ databaseUrl: t.url, ...stackOptions });
    await waitForBoundLink(started, 30_000);
  } catch (err) {
    // The test file's afterAll never sees this stack: stop it and drop its database here.
    await started?.stop();
    await t.drop();
    throw err;
  }
  const stack = started;
  return {
    t,
    stack,
    ctx: { db: t.db, queue: noJobQueue },
    phone: citizenOverSmpp(stack, t, timeoutMs),
    async stop() {
      await stack.stop();
      await t.drop();
    },
  };
}

type KeywordAliases = Parameters<typeof addKeyword>[0]['input']['aliases'];
type KeywordArg = Parameters<typeof addKeyword>[0]['input']['arg'];

/**
 * 21700 dedicated to the demo city hall's alerts (ajuntament-alzira, service alertas), keyword ALERTAS
 * with `aliases` (ALERTES ca and ALERTS en unless told) and an optional argument.
 */
export async function addAlziraAlerts(
  ctx: ServiceContext,
  opts: { aliases?: KeywordAliases; arg?: KeywordArg } = {},
): Promise<void> {
  const {
    aliases = [
      { word: 'ALERTES', language: 'ca' },
      { word: 'ALERTS', language: 'en' },
    ],
    arg,
  } = opts;
  await addInboundNumber({
    ctx,
    input: { agencySlug: 'ajuntament-alzira', number: '21700', serviceSlug: 'alertas' },
    actor: cli,
  });
  await addKeyword({
    ctx,
    input: { number: '21700', serviceSlug: 'alertas', keyword: 'ALERTAS', aliases, ...(arg ? { arg } : {}) },
    actor: cli,
  });
}

/** `number` shared by the demo health agency (salut-valencia) and school board (educacion-sevilla). */
export async function shareNumber(ctx: ServiceContext, number: string): Promise<void> {
  for (const agencySlug of ['salut-valencia', 'educacion-sevilla'])
    await addInboundNumber({ ctx, input: { agencySlug, number }, actor: cli });
}

/**
 * Moves everything that happened between `phone` and the platform `hours` into the past (its MO, the
 * messages to it, its subscriptions and their pending deadlines): the dispatcher runs on the wall
 * clock, so this is how a test lets a day go by. Only this phone's rows move.
 */
export async function agePhone(t: TestDatabase, phone: string, hours: number): Promise<void> {
  const by = `${hours} hours`;
  await t.sql`update inbound_messages set received_at = received_at - ${by}::interval where source = ${phone}`;
  await t.sql`update messages set created_at = created_at - ${by}::interval where to_phone = ${phone}`;
  await t.sql`update subscribers set created_at = created_at - ${by}::interval,
    updated_at = updated_at - ${by}::interval, pending_until = pending_until - ${by}::interval
    where phone = ${phone}`;
}
