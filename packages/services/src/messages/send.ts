import { createHash, randomUUID } from 'node:crypto';
import {
  agencies,
  idempotencyKeys,
  messageEvents,
  messages,
  senders,
  services,
  type Tx,
  withTenant,
} from '@pregon/db';
import { AppError, checkE164, LANES, type MessageStatus } from '@pregon/domain';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';
import { checkReminder, subtractDuration } from '../scheduling/reminder.ts';
import { messageLane, REQUESTABLE_LANES } from './lane.ts';

/** A message as an agency system sends it (REST body, SMPP submit, console form). */
export const sendMessageInput = z.object({
  to: z.string().trim().min(1).max(32),
  text: z.string().min(1, 'text must not be empty').max(4_000, 'text is at most 4,000 characters'),
  from: z.string().trim().min(1).max(20).optional(),
  service: z.string().min(1).max(64).optional(),
  sendAt: z.iso.datetime({ offset: true }).optional(),
  /** A reminder `before` (ISO 8601 duration) the appointment `at`, instead of `sendAt`. */
  remind: z
    .object({ at: z.iso.datetime({ offset: true }), before: z.string().min(1).max(40) })
    .strict()
    .optional(),
  validUntil: z.iso.datetime({ offset: true }).optional(),
  reference: z.string().max(200).optional(),
  /** Step down to `bulk`, or `emergency` on a city-alerts service; default from the service type. */
  lane: z.enum(REQUESTABLE_LANES).optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageInput>;

/** A message submitted by an agency's SMPP client (the listener), which may want a receipt back. */
export interface SmppOrigin {
  clientId: string;
  /** registered_delivery & 1: a deliver_sm receipt is owed at the final status. */
  receiptRequested: boolean;
  /** Pre-assigned id: the parts of a concatenated submit are answered with it before the row exists. */
  messageId?: string | undefined;
}

export interface SendMessageResult {
  id: string;
  status: MessageStatus;
}

/** The stored answer to a write that carried an Idempotency-Key. */
export interface IdempotentResult<T> {
  replayed: boolean;
  body: T;
}

function requestHash(input: SendMessageInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

/** The sender a message goes out from: the one named, else the service's default, else the agency's. */
export function pickSender(
  rows: (typeof senders.$inferSelect)[],
  from: string | undefined,
  serviceId: string | null,
) {
  if (from !== undefined) {
    const match = rows.find((s) => s.value === from);
    if (!match)
      throw new AppError('BAD_REQUEST', `"from" ${from} is not one of this agency's senders`, {
        details: { field: 'from' },
      });
    return match;
  }
  const pick =
    rows.find((s) => s.serviceId === serviceId && serviceId !== null && s.isDefault) ??
    rows.find((s) => s.serviceId === serviceId && serviceId !== null) ??
    rows.find((s) => s.isDefault) ??
    rows[0];
  if (!pick)
    throw new AppError('BAD_REQUEST', 'This agency has no sender yet: add one with `pregon number add`', {
      details: { field: 'from' },
    });
  return pick;
}

/** Who sends: the agency, and the key, SMPP client or schedule it came through. */
export interface SendPrincipal {
  tenantId: string;
  apiKeyId: string | null;
  smpp?: SmppOrigin | undefined;
  /** The recurring schedule whose run sends it. */
  scheduleId?: string | undefined;
}

/** One message to accept, as `sendMessage` takes it. */
export interface SendRequest {
  input: SendMessageInput;
  principal: SendPrincipal;
  idempotencyKey?: string | undefined;
}

/** What became of one request of a batch: its answer, or the error it alone would have thrown. */
export type SendOutcome =
  | { ok: true; value: IdempotentResult<SendMessageResult> }
  | { ok: false; error: unknown };

/** A request that passed every check needing no database. */
interface Checked {
  request: SendRequest;
  data: SendMessageInput;
  to: string;
  sendAt: Date | null;
  validUntil: Date | null;
  remind: ReturnType<typeof checkReminder> | null;
  hash: string;
}

function checkRequest(request: SendRequest, now: Date): Checked {
  const data = sendMessageInput.parse(request.input);
  const phone = checkE164(data.to);
  if (!phone.ok)
    throw new AppError('BAD_REQUEST', `"to" ${phone.reason}`, {
      details: { field: 'to', reason: 'invalid_number' },
    });
  const remind = data.remind ? checkReminder(data.remind, data.sendAt, now) : null;
  const sendAt = data.sendAt ? new Date(data.sendAt) : null;
  // A reminder is never worth delivering after its appointment.
  const validUntil = data.validUntil ? new Date(data.validUntil) : (remind?.at ?? null);
  if (remind && validUntil && validUntil > remind.at)
    throw new AppError('BAD_REQUEST', '"validUntil" must not be after the appointment ("remind.at")', {
      details: { field: 'validUntil' },
    });
  if (validUntil && validUntil <= now)
    throw new AppError('BAD_REQUEST', '"validUntil" is already in the past', {
      details: { field: 'validUntil' },
    });
  if (validUntil && sendAt && validUntil <= sendAt)
    throw new AppError('BAD_REQUEST', '"validUntil" must be after "sendAt"', {
      details: { field: 'validUntil' },
    });
  const key = request.idempotencyKey;
  if (key !== undefined && !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new AppError('BAD_REQUEST', 'Idempotency-Key must be 1-255 visible ASCII characters');
  }
  return { request, data, to: phone.e164, sendAt, validUntil, remind, hash: requestHash(data) };
}

/**
 * Stores checked requests of one tenant inside `tx`: one round trip for the reads, one for the writes,
 * however many messages. What depends on the database (an unknown service or sender, a replayed or
 * conflicting Idempotency-Key) fails that request alone; the others are stored.
 */
async function acceptChecked(
  tx: Tx,
  ctx: ServiceContext,
  tenantId: string,
  items: Checked[],
  now: Date,
): Promise<SendOutcome[]> {
  const keys = items.flatMap((c) =>
    c.request.idempotencyKey === undefined ? [] : [c.request.idempotencyKey],
  );
  const slugs = [...new Set(items.flatMap((c) => (c.data.service === undefined ? [] : [c.data.service])))];
  const needsZone = items.some((c) => c.remind !== null && c.remind.before.days !== 0);
  const [seenRows, serviceRows, senderRows, timeZone] = await Promise.all([
    keys.length === 0
      ? Promise.resolve([])
      : tx
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.tenantId, tenantId), inArray(idempotencyKeys.key, keys))),
    slugs.length === 0
      ? Promise.resolve([])
      : tx.select().from(services).where(inArray(services.slug, slugs)),
    tx.select().from(senders).where(eq(senders.tenantId, tenantId)),
    // Reminder days are calendar days in the agency's time zone.
    !needsZone
      ? Promise.resolve('UTC')
      : tx
          .select({ timezone: agencies.timezone })
          .from(agencies)
          .where(eq(agencies.id, tenantId))
          .then((rows) => rows[0]?.timezone ?? 'Europe/Madrid'),
  ]);
  const seen = new Map(seenRows.map((r) => [r.key, r]));
  const serviceBySlug = new Map(serviceRows.map((r) => [r.slug, r]));

  const outcomes: SendOutcome[] = [];
  const rows: (typeof messages.$inferInsert)[] = [];
  const keyRows: (typeof idempotencyKeys.$inferInsert)[] = [];
  // One message.prepare job per priority and start time, up to the catalog's 1,000 ids.
  const jobs = new Map<string, { priority: number; startAfter: Date | null; ids: string[] }>();
  for (const c of items) {
    const { data, request } = c;
    try {
      const key = request.idempotencyKey;
      const before = key === undefined ? undefined : seen.get(key);
      if (before) {
        if (before.requestHash !== c.hash)
          throw new AppError('CONFLICT', 'This Idempotency-Key was already used with a different request');
        outcomes.push({
          ok: true,
          value: { replayed: true, body: before.responseBody as SendMessageResult },
        });
        continue;
      }
      const service = data.service === undefined ? undefined : (serviceBySlug.get(data.service) ?? null);
      if (service === null) {
        throw new AppError('BAD_REQUEST', `Unknown service "${data.service}"`, {
          details: { field: 'service' },
        });
      }
      const serviceId = service?.id ?? null;
      const lane = messageLane(service?.type, data.lane);
      const sender = pickSender(senderRows, data.from, serviceId);
      let sendAt = c.sendAt;
      if (c.remind) {
        // Already past the reminder time but not the appointment: remind now rather than never.
        sendAt = subtractDuration(c.remind.at, c.remind.before, timeZone);
        if (c.validUntil && sendAt > now && c.validUntil <= sendAt)
          throw new AppError('BAD_REQUEST', '"validUntil" must be after the reminder time', {
            details: { field: 'validUntil' },
          });
      }
      const status: MessageStatus = sendAt && sendAt > now ? 'scheduled' : 'accepted';
      const { principal } = request;
      const id = principal.smpp?.messageId ?? randomUUID();
      const body: SendMessageResult = { id, status };
      rows.push({
        id,
        tenantId,
        serviceId,
        apiKeyId: principal.apiKeyId,
        toPhone: c.to,
        fromAddr: sender.value,
        body: data.text,
        reference: data.reference ?? null,
        lane,
        status,
        sendAt,
        validUntil: c.validUntil,
        appointmentAt: c.remind?.at ?? null,
        scheduleId: principal.scheduleId ?? null,
        ...(principal.smpp === undefined
          ? {}
          : {
              origin: 'smpp' as const,
              smppClientId: principal.smpp.clientId,
              smppReceiptRequested: principal.smpp.receiptRequested,
            }),
      });
      const startAfter = status === 'scheduled' ? sendAt : null;
      const jobKey = `${LANES[lane]}:${startAfter?.getTime() ?? ''}`;
      const job = jobs.get(jobKey) ?? { priority: LANES[lane], startAfter, ids: [] };
      job.ids.push(id);
      jobs.set(jobKey, job);
      if (key !== undefined)
        keyRows.push({ tenantId, key, requestHash: c.hash, responseStatus: 202, responseBody: body });
      outcomes.push({ ok: true, value: { replayed: false, body } });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  if (rows.length === 0) return outcomes;
  await Promise.all([
    tx.insert(messages).values(rows),
    tx
      .insert(messageEvents)
      .values(rows.map((r) => ({ tenantId, messageId: r.id as string, status: r.status ?? 'accepted' }))),
    ...[...jobs.values()].map((job) => {
      const payloads = [];
      for (let i = 0; i < job.ids.length; i += 1000)
        payloads.push({ tenantId, messageIds: job.ids.slice(i, i + 1000) });
      return ctx.queue.enqueue(tx, 'message.prepare', payloads, {
        priority: job.priority,
        group: { id: tenantId },
        ...(job.startAfter ? { startAfter: job.startAfter } : {}),
      });
    }),
    keyRows.length === 0 ? Promise.resolve() : tx.insert(idempotencyKeys).values(keyRows),
  ]);
  return outcomes;
}

/**
 * Accepts one MT message: validates it, stores the row and its first history entry, and enqueues
 * its preparation in the same transaction. With an idempotency key, a repeat returns the first answer.
 */
export async function sendMessage({
  ctx,
  input,
  principal,
  idempotencyKey,
  tx: callerTx,
}: SendRequest & {
  ctx: ServiceContext;
  /** Send inside the caller's transaction (of principal.tenantId), e.g. a schedule run that advances with it. */
  tx?: Tx | undefined;
}): Promise<IdempotentResult<SendMessageResult>> {
  const now = ctx.now?.() ?? new Date();
  const checked = checkRequest({ input, principal, idempotencyKey }, now);
  const attempt = async () => {
    const [outcome] = callerTx
      ? await acceptChecked(callerTx, ctx, principal.tenantId, [checked], now)
      : await withTenant(ctx.db, principal.tenantId, (tx) =>
          acceptChecked(tx, ctx, principal.tenantId, [checked], now),
        );
    if (!outcome) throw new AppError('INTERNAL', 'sendMessage produced no outcome');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
  try {
    return await attempt();
  } catch (error) {
    // Two requests with one key raced: the loser's transaction rolled back whole; answer with the winner's.
    if (idempotencyKey !== undefined && callerTx === undefined && uniqueViolation(error)) return attempt();
    throw error;
  }
}

/**
 * Accepts many messages at once, one transaction per agency (group commit): what the REST path does
 * with requests that arrive together. Each request gets the outcome `sendMessage` would have given
 * it alone; a batch the database refuses as a whole (two requests racing on one Idempotency-Key) is
 * retried one request at a time, so one bad request never costs the others their message.
 */
export async function sendMessages({
  ctx,
  requests,
}: {
  ctx: ServiceContext;
  requests: readonly SendRequest[];
}): Promise<SendOutcome[]> {
  const now = ctx.now?.() ?? new Date();
  const outcomes = new Array<SendOutcome>(requests.length);
  const byTenant = new Map<string, Array<{ at: number; checked: Checked }>>();
  // A key twice in one batch would collide with itself: the repeats go alone, after the batch.
  const alone: number[] = [];
  const keysSeen = new Set<string>();
  for (const [at, request] of requests.entries()) {
    try {
      const checked = checkRequest(request, now);
      const key = request.idempotencyKey;
      const scoped = key === undefined ? undefined : `${request.principal.tenantId}\u0000${key}`;
      if (scoped !== undefined && keysSeen.has(scoped)) {
        alone.push(at);
        continue;
      }
      if (scoped !== undefined) keysSeen.add(scoped);
      const group = byTenant.get(request.principal.tenantId) ?? [];
      group.push({ at, checked });
      byTenant.set(request.principal.tenantId, group);
    } catch (error) {
      outcomes[at] = { ok: false, error };
    }
  }
  const one = async (at: number) => {
    const request = requests[at] as SendRequest;
    try {
      outcomes[at] = { ok: true, value: await sendMessage({ ctx, ...request }) };
    } catch (error) {
      outcomes[at] = { ok: false, error };
    }
  };
  await Promise.all(
    [...byTenant].map(async ([tenantId, group]) => {
      try {
        const got = await withTenant(ctx.db, tenantId, (tx) =>
          acceptChecked(
            tx,
            ctx,
            tenantId,
            group.map((g) => g.checked),
            now,
          ),
        );
        for (const [i, g] of group.entries()) outcomes[g.at] = got[i] as SendOutcome;
      } catch {
        for (const g of group) await one(g.at);
      }
    }),
  );
  for (const at of alone) await one(at);
  return outcomes;
}
