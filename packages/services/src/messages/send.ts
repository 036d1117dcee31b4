import { createHash, randomUUID } from 'node:crypto';
import { idempotencyKeys, messageEvents, messages, senders, services, withTenant } from '@pregon/db';
import { AppError, checkE164, LANES, type MessageStatus } from '@pregon/domain';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';
import { messageLane, REQUESTABLE_LANES } from './lane.ts';

/** A message as an agency system sends it (REST body, SMPP submit, console form). */
export const sendMessageInput = z.object({
  to: z.string().trim().min(1).max(32),
  text: z.string().min(1, 'text must not be empty').max(4_000, 'text is at most 4,000 characters'),
  from: z.string().trim().min(1).max(20).optional(),
  service: z.string().min(1).max(64).optional(),
  sendAt: z.iso.datetime({ offset: true }).optional(),
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

function pickSender(
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

/**
 * Accepts one MT message: validates it, stores the row and its first history entry, and enqueues
 * its preparation in the same transaction. With an idempotency key, a repeat returns the first answer.
 */
export async function sendMessage({
  ctx,
  input,
  principal,
  idempotencyKey,
}: {
  ctx: ServiceContext;
  input: SendMessageInput;
  principal: { tenantId: string; apiKeyId: string | null; smpp?: SmppOrigin | undefined };
  idempotencyKey?: string | undefined;
}): Promise<IdempotentResult<SendMessageResult>> {
  const data = sendMessageInput.parse(input);
  const phone = checkE164(data.to);
  if (!phone.ok)
    throw new AppError('BAD_REQUEST', `"to" ${phone.reason}`, {
      details: { field: 'to', reason: 'invalid_number' },
    });
  const now = ctx.now?.() ?? new Date();
  const sendAt = data.sendAt ? new Date(data.sendAt) : null;
  const validUntil = data.validUntil ? new Date(data.validUntil) : null;
  if (validUntil && validUntil <= now)
    throw new AppError('BAD_REQUEST', '"validUntil" is already in the past', {
      details: { field: 'validUntil' },
    });
  if (validUntil && sendAt && validUntil <= sendAt)
    throw new AppError('BAD_REQUEST', '"validUntil" must be after "sendAt"', {
      details: { field: 'validUntil' },
    });
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
    throw new AppError('BAD_REQUEST', 'Idempotency-Key must be 1-255 visible ASCII characters');
  }
  const hash = requestHash(data);

  const attempt = () =>
    withTenant(ctx.db, principal.tenantId, async (tx): Promise<IdempotentResult<SendMessageResult>> => {
      // Statements issued together are pipelined on the connection: one round trip for the reads,
      // one for the writes, which is most of what a request costs.
      const [seen, service, senderRows] = await Promise.all([
        idempotencyKey === undefined
          ? Promise.resolve(undefined)
          : tx
              .select()
              .from(idempotencyKeys)
              .where(
                and(
                  eq(idempotencyKeys.tenantId, principal.tenantId),
                  eq(idempotencyKeys.key, idempotencyKey),
                ),
              )
              .then((rows) => rows[0]),
        data.service === undefined
          ? Promise.resolve(undefined)
          : tx
              .select()
              .from(services)
              .where(eq(services.slug, data.service))
              .then((rows) => rows[0] ?? null),
        tx.select().from(senders).where(eq(senders.tenantId, principal.tenantId)),
      ]);
      if (seen) {
        if (seen.requestHash !== hash)
          throw new AppError('CONFLICT', 'This Idempotency-Key was already used with a different request');
        return { replayed: true, body: seen.responseBody as SendMessageResult };
      }
      if (service === null) {
        throw new AppError('BAD_REQUEST', `Unknown service "${data.service}"`, {
          details: { field: 'service' },
        });
      }
      const serviceId = service?.id ?? null;
      const lane = messageLane(service?.type, data.lane);
      const sender = pickSender(senderRows, data.from, serviceId);
      const status: MessageStatus = sendAt && sendAt > now ? 'scheduled' : 'accepted';
      const id = principal.smpp?.messageId ?? randomUUID();
      const body: SendMessageResult = { id, status };
      await Promise.all([
        tx.insert(messages).values({
          id,
          tenantId: principal.tenantId,
          serviceId,
          apiKeyId: principal.apiKeyId,
          toPhone: phone.e164,
          fromAddr: sender.value,
          body: data.text,
          reference: data.reference ?? null,
          lane,
          status,
          sendAt,
          validUntil,
          ...(principal.smpp === undefined
            ? {}
            : {
                origin: 'smpp' as const,
                smppClientId: principal.smpp.clientId,
                smppReceiptRequested: principal.smpp.receiptRequested,
              }),
        }),
        tx.insert(messageEvents).values({ tenantId: principal.tenantId, messageId: id, status }),
        ctx.queue.enqueue(tx, 'message.prepare', [{ tenantId: principal.tenantId, messageIds: [id] }], {
          priority: LANES[lane],
          group: { id: principal.tenantId },
          ...(status === 'scheduled' && sendAt ? { startAfter: sendAt } : {}),
        }),
        idempotencyKey === undefined
          ? Promise.resolve()
          : tx.insert(idempotencyKeys).values({
              tenantId: principal.tenantId,
              key: idempotencyKey,
              requestHash: hash,
              responseStatus: 202,
              responseBody: body,
            }),
      ]);
      return { replayed: false, body };
    });

  try {
    return await attempt();
  } catch (error) {
    // Two requests with one key raced: the loser's transaction rolled back whole; answer with the winner's.
    if (idempotencyKey !== undefined && uniqueViolation(error)) return attempt();
    throw error;
  }
}
