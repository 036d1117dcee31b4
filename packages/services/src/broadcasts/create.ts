import { createHash } from 'node:crypto';
import {
  broadcastRecipients,
  broadcasts,
  idempotencyKeys,
  senders,
  services,
  type Tx,
  withTenant,
} from '@pregon/db';
import { AppError, LANES } from '@pregon/domain';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditActor, type ServiceContext } from '../context.ts';
import { uniqueViolation } from '../db-errors.ts';
import { messageLane, REQUESTABLE_LANES } from '../messages/lane.ts';
import type { IdempotentResult } from '../messages/send.ts';
import { pickSender } from '../messages/send.ts';
import type { BroadcastPrincipal } from './principal.ts';
import { UUID } from './principal.ts';
import {
  audienceKey,
  broadcastTargetInput,
  checkPlaceholders,
  readUpload,
  resolveTarget,
  type UploadRow,
} from './target.ts';
import { checkTemplates, LANGUAGES, type Language, MAX_BODY, type Templates } from './template.ts';

const template = z
  .string()
  .min(1, 'a template must not be empty')
  .max(MAX_BODY, `at most ${MAX_BODY} characters`);

export const createBroadcastInput = z.object({
  /** The service's slug: its subscribers, sender and lane. */
  service: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  reference: z.string().max(200).optional(),
  target: broadcastTargetInput,
  /** Text per language with `{{attribute}}` placeholders; at least one. */
  templates: z
    .object({ es: template.optional(), ca: template.optional(), en: template.optional() })
    .refine((t) => LANGUAGES.some((l) => t[l] !== undefined), 'give at least one of es, ca, en'),
  /** For recipients whose language has no template; default: the first of es, ca, en given. */
  defaultLanguage: z.enum(LANGUAGES).optional(),
  from: z.string().trim().min(1).max(20).optional(),
  /** Default: `election` on an elections service, else `bulk`; `emergency` on a city-alerts service only. */
  lane: z.enum(REQUESTABLE_LANES).optional(),
  sendAt: z.iso.datetime({ offset: true }).optional(),
  validUntil: z.iso.datetime({ offset: true }).optional(),
  /** An earlier broadcast of the same service this one replaces: its unsent messages are cancelled. */
  supersedes: z.string().optional(),
});
export type CreateBroadcastInput = z.input<typeof createBroadcastInput>;

export interface CreatedBroadcast {
  id: string;
  status: 'scheduled' | 'running';
}

/**
 * Creates a broadcast and enqueues its first fan-out step (at `sendAt`) in one transaction. An
 * uploaded list is validated whole first: one bad row and nothing is stored. With `supersedes`, the
 * older broadcast stops fanning out and its unsent messages are cancelled for every recipient this
 * one reaches (all of them at once when both target the same subscribers).
 */
export async function createBroadcast({
  ctx,
  input,
  principal,
  idempotencyKey,
}: {
  ctx: ServiceContext;
  input: CreateBroadcastInput;
  principal: BroadcastPrincipal;
  idempotencyKey?: string | undefined;
}): Promise<IdempotentResult<CreatedBroadcast>> {
  const data = createBroadcastInput.parse(input);
  const templates: Templates = {};
  for (const l of LANGUAGES) if (data.templates[l] !== undefined) templates[l] = data.templates[l];
  checkTemplates(templates);
  const defaultLanguage: Language =
    data.defaultLanguage ?? LANGUAGES.find((l) => data.templates[l] !== undefined) ?? 'es';
  if (data.templates[defaultLanguage] === undefined)
    throw new AppError('BAD_REQUEST', `"defaultLanguage" ${defaultLanguage} has no template`, {
      details: { field: 'defaultLanguage' },
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
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey))
    throw new AppError('BAD_REQUEST', 'Idempotency-Key must be 1-255 visible ASCII characters');
  const upload =
    data.target.kind === 'upload' ? readUpload(data.target.recipients, templates, defaultLanguage) : [];
  const hash = createHash('sha256')
    .update(JSON.stringify(['broadcast', data]))
    .digest('hex');

  const attempt = () =>
    withTenant(ctx.db, principal.tenantId, async (tx): Promise<IdempotentResult<CreatedBroadcast>> => {
      if (idempotencyKey !== undefined) {
        const [seen] = await tx
          .select()
          .from(idempotencyKeys)
          .where(
            and(eq(idempotencyKeys.tenantId, principal.tenantId), eq(idempotencyKeys.key, idempotencyKey)),
          );
        if (seen) {
          if (seen.requestHash !== hash)
            throw new AppError('CONFLICT', 'This Idempotency-Key was already used with a different request');
          return { replayed: true, body: seen.responseBody as CreatedBroadcast };
        }
      }
      const [service] = await tx.select().from(services).where(eq(services.slug, data.service));
      if (!service)
        throw new AppError('BAD_REQUEST', `Unknown service "${data.service}"`, {
          details: { field: 'service' },
        });
      const lane = messageLane(
        service.type,
        data.lane ?? (service.type === 'elections' ? undefined : 'bulk'),
      );
      const sender = pickSender(
        await tx.select().from(senders).where(eq(senders.tenantId, principal.tenantId)),
        data.from,
        service.id,
      );
      const target = await resolveTarget(tx, service.id, data.target, upload.length);
      await checkPlaceholders(tx, service.id, target, templates);
      const status: CreatedBroadcast['status'] = sendAt && sendAt > now ? 'scheduled' : 'running';
      const supersedesId =
        data.supersedes === undefined
          ? null
          : await supersede(ctx, tx, principal.tenantId, data.supersedes, service.id, audienceKey(target));
      const [row] = await tx
        .insert(broadcasts)
        .values({
          tenantId: principal.tenantId,
          serviceId: service.id,
          apiKeyId: principal.apiKeyId ?? null,
          name: data.name,
          reference: data.reference ?? null,
          target,
          templates,
          defaultLanguage,
          fromAddr: sender.value,
          lane,
          sendAt,
          validUntil,
          status,
          supersedesId,
          targeted: target.kind === 'upload' ? upload.length : null,
          createdBy: auditActor(principal.actor),
        })
        .returning({ id: broadcasts.id });
      if (!row) throw new AppError('INTERNAL', 'The broadcast was not stored');
      await storeUpload(tx, principal.tenantId, row.id, upload);
      await ctx.queue.enqueue(
        tx,
        'broadcast.fanout',
        [{ tenantId: principal.tenantId, broadcastId: row.id, cursor: null }],
        { priority: LANES[lane], ...(status === 'scheduled' && sendAt ? { startAfter: sendAt } : {}) },
      );
      const body: CreatedBroadcast = { id: row.id, status };
      if (idempotencyKey !== undefined)
        await tx.insert(idempotencyKeys).values({
          tenantId: principal.tenantId,
          key: idempotencyKey,
          requestHash: hash,
          responseStatus: 202,
          responseBody: body,
        });
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

async function storeUpload(tx: Tx, tenantId: string, broadcastId: string, rows: UploadRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1_000)
    await tx.insert(broadcastRecipients).values(
      rows.slice(i, i + 1_000).map((r) => ({
        tenantId,
        broadcastId,
        row: r.row,
        phone: r.phone,
        language: r.language,
        attributes: r.attributes,
      })),
    );
}

/**
 * Marks the older broadcast superseded (its fan-out stops at its next step). Its unsent messages are
 * cancelled per batch as the new one fans out; when both reach the same subscribers, all of them now.
 */
async function supersede(
  ctx: ServiceContext,
  tx: Tx,
  tenantId: string,
  oldId: string,
  serviceId: string,
  newAudience: string | null,
): Promise<string> {
  const [old] = UUID.test(oldId)
    ? await tx.select().from(broadcasts).where(eq(broadcasts.id, oldId)).for('update')
    : [];
  if (!old)
    throw new AppError('BAD_REQUEST', `No broadcast ${oldId} to supersede`, {
      details: { field: 'supersedes' },
    });
  if (old.serviceId !== serviceId)
    throw new AppError('BAD_REQUEST', 'A broadcast can only supersede one of the same service', {
      details: { field: 'supersedes' },
    });
  if (old.status === 'cancelled' || old.status === 'superseded')
    throw new AppError('CONFLICT', `Broadcast ${oldId} is already ${old.status}`, {
      details: { field: 'supersedes' },
    });
  const now = ctx.now?.() ?? new Date();
  await tx
    .update(broadcasts)
    .set({ status: 'superseded', finishedAt: old.finishedAt ?? now, updatedAt: now })
    .where(eq(broadcasts.id, old.id));
  if (newAudience !== null && newAudience === audienceKey(old.target))
    await ctx.queue.enqueue(
      tx,
      'broadcast.cancel',
      [{ tenantId, broadcastIds: [old.id], reason: 'superseded' }],
      {
        priority: LANES[old.lane],
      },
    );
  return old.id;
}
