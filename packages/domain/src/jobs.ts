import { z } from 'zod';
import { LANE_NAMES, LANES, type Lane, REPLY_PRIORITY } from './roles.ts';

// One catalog of every job: name -> payload schema and queue policy. The dispatcher maps
// Record<JobName, Handler>, so a job without a handler fails to compile.

const uuid = z.uuid();

/** One encoded SMPP part ready to submit; bytes are hex to stay JSON. */
export const submitPartSchema = z.object({
  bytes: z.string().regex(/^([0-9a-f]{2})*$/),
  udhi: z.boolean(),
});

export const submitItemSchema = z.object({
  tenantId: uuid,
  messageId: uuid,
  to: z.string(),
  /** The carrier's TON/NPI for destinations (SMPP 3.4 §5.2.5-6); absent: international 1/1. */
  destTon: z.number().int().min(0).max(6).optional(),
  destNpi: z.number().int().min(0).max(18).optional(),
  from: z.string(),
  sourceTon: z.number().int().min(0).max(6),
  sourceNpi: z.number().int().min(0).max(18),
  dataCoding: z.number().int().min(0).max(255),
  parts: z.array(submitPartSchema).min(1).max(255),
  validUntil: z.iso.datetime().nullable(),
});
export type SubmitItem = z.infer<typeof submitItemSchema>;

export const receiptItemSchema = z.object({
  carrierMessageId: z.string(),
  state: z.enum([
    'delivered',
    'expired',
    'deleted',
    'undeliverable',
    'accepted',
    'unknown',
    'rejected',
    'enroute',
  ]),
  errorCode: z.string().nullable(),
  doneAt: z.iso.datetime().nullable(),
  receivedAt: z.iso.datetime(),
});
export type ReceiptItem = z.infer<typeof receiptItemSchema>;

/** Event types a webhook can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'message.status',
  'message.inbound',
  'subscriber.opted_out',
  'subscriber.opted_in',
  'agency.quota_warning',
  'message.reply',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** One event as POSTed to an agency's webhook (the JSON body, exactly). */
export const webhookEventSchema = z.object({
  id: uuid,
  type: z.enum(WEBHOOK_EVENT_TYPES),
  createdAt: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export const jobCatalog = {
  /** Accepted messages to render, check and route; enqueued with the rows that created them. */
  'message.prepare': {
    payload: z.object({ tenantId: uuid, messageIds: z.array(uuid).min(1).max(1000) }),
    options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 300, notify: true },
  },
  /** Receipts taken from a carrier; applied in batches. Retried when a receipt beats its submit_sm_resp. */
  'receipt.apply': {
    payload: z.object({
      carrierId: uuid,
      receipts: z.array(receiptItemSchema).min(1).max(1000),
      /** How many times these receipts already found no message. */
      attempt: z.number().int().min(0).optional(),
    }),
    options: { retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 300, notify: true },
  },
  /** Stored MO for the keyword engine (subscribe, STOP/START/HELP, replies); enqueued with the rows. */
  'inbound.process': {
    payload: z.object({ inboundMessageIds: z.array(uuid).min(1).max(1000) }),
    options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 300, notify: true },
  },
  /** Events for one webhook, POSTed one by one; failures come back as a new job with a backoff (attempt + 1). */
  'webhook.deliver': {
    payload: z.object({
      tenantId: uuid,
      webhookId: uuid,
      events: z.array(webhookEventSchema).min(1).max(100),
      /** 1 for the first try. */
      attempt: z.number().int().min(1).optional(),
    }),
    options: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 1800, notify: true },
  },
  /** Hourly (cron, Europe/Madrid): redacts personal data past each agency's retention. Stately: runs never overlap. */
  'retention.purge': {
    payload: z.object({}),
    options: { retryLimit: 2, retryDelay: 60, expireInSeconds: 3600, policy: 'stately', notify: true },
  },
  /** Every minute: gives failed message.prepare / carrier.submit.* jobs whose messages are still waiting another go. */
  'messages.sweep': {
    payload: z.object({}),
    options: { retryLimit: 0, expireInSeconds: 120, policy: 'stately', notify: true },
  },
  /** Every minute: runs the recurring schedules whose next occurrence has come. Stately: ticks never pile up. */
  'schedules.tick': {
    payload: z.object({}),
    options: { retryLimit: 0, expireInSeconds: 120, policy: 'stately', notify: true },
  },
  /**
   * One fan-out step of a broadcast: up to 1,000 recipients after `cursor` become messages; the step
   * enqueues the next one. A step whose cursor the broadcast has moved past is a stale duplicate.
   */
  'broadcast.fanout': {
    payload: z.object({
      tenantId: uuid,
      broadcastId: uuid,
      cursor: z.string().max(100).nullable(),
      /** The target is a small part of its service: steps read it through the attribute index (fanout.ts). */
      sparse: z.boolean().optional(),
      /** The first step copied the (sparse) target to broadcast_recipients; the cursor is a row there. */
      snapshot: z.boolean().optional(),
    }),
    options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 300, notify: true },
  },
  /** Cancels up to 1,000 not-yet-submitted messages of each broadcast; enqueues itself again while any remain. */
  'broadcast.cancel': {
    payload: z.object({
      tenantId: uuid,
      broadcastIds: z.array(uuid).min(1).max(100),
      reason: z.enum(['cancelled_by_user', 'superseded']),
      /** A later round of one broadcast's cancel: its messages after this id (they are walked in id order). */
      after: uuid.optional(),
    }),
    options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 300, notify: true },
  },
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]['payload']>;

/** Per-carrier submit queue: the gateway process holding that carrier's binds works it. */
export const submitQueueName = (carrierId: string): string => `carrier.submit.${carrierId}`;

/**
 * pg-boss group of a submit job: one agency in one lane, so the gateway caps each lane's share
 * separately; an agency's replies are a group of their own.
 */
export const submitGroupId = (tenantId: string, lane: Lane, reply = false): string =>
  reply ? `${tenantId}:${lane}:reply` : `${tenantId}:${lane}`;

/**
 * A submit batch's priority, in its queue and in the carrier's submit budget and window: its lane's,
 * or a reply's, ahead of every lane. A batch from before lanes were split is transactional.
 */
export const submitPriority = ({
  lane,
  reply,
}: {
  lane?: Lane | undefined;
  reply?: boolean | undefined;
}): number => (reply === true ? REPLY_PRIORITY : LANES[lane ?? 'transactional']);

export const submitBatchSchema = z.object({
  carrierId: uuid,
  items: z.array(submitItemSchema).min(1).max(500),
  /** Every item's lane: a batch never mixes lanes. Absent on batches from before lanes were split. */
  lane: z.enum(LANE_NAMES).optional(),
  /** Replies to a citizen's text: ahead of every lane for the carrier's budget and window too. */
  reply: z.boolean().optional(),
});
export type SubmitBatch = z.infer<typeof submitBatchSchema>;
export const SUBMIT_QUEUE_OPTIONS = {
  retryLimit: 3,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 600,
  // Wake workers on insert (LISTEN/NOTIFY) instead of waiting for the next poll.
  notify: true,
} as const;
