import { auditEvents, webhookAttempts, webhooks, withTenant } from '@pregon/db';
import type { JobPayload, WebhookEvent } from '@pregon/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { requireSecrets } from '../secrets/carrier-secrets.ts';
import { type PostOutcome, postWebhook } from './post.ts';
import { webhookSettings } from './settings.ts';
import { signWebhookBody } from './signature.ts';

export interface DeliveryReport {
  delivered: number;
  /** Skipped: the webhook is gone or disabled, or the event was delivered by an earlier try. */
  skipped: number;
  failed: boolean;
  /** When the rest is tried again; null when it will not be. */
  retryAt: Date | null;
  disabled: boolean;
}

const ok = (o: PostOutcome) => o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300;

/**
 * Delivers one `webhook.deliver` batch: each event POSTed alone, signed, in order, stopping at the
 * first failure (a receiver that is down is not hammered). Every attempt is logged. On failure the
 * rest goes back as a new job after a doubling delay, and a webhook failing for too long (count or
 * time, see settings.ts) is disabled with a reason and an audit event. A success resets the count.
 */
export async function deliverWebhookEvents({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: JobPayload<'webhook.deliver'>;
}): Promise<DeliveryReport> {
  const settings = webhookSettings(ctx.webhooks);
  const clock = () => ctx.now?.() ?? new Date();
  const attempt = input.attempt ?? 1;
  const eventIds = input.events.map((e) => e.id);
  const loaded = await withTenant(ctx.db, input.tenantId, async (tx) => {
    const [hook] = await tx.select().from(webhooks).where(eq(webhooks.id, input.webhookId));
    if (!hook?.enabled) return null;
    // A retried job may find some of its events already delivered.
    const done = await tx.execute<{ event_id: string }>(sql`select distinct event_id from webhook_attempts
      where webhook_id = ${hook.id} and status_code between 200 and 299
        and event_id in (select jsonb_array_elements_text(${JSON.stringify(eventIds)}::jsonb)::uuid)`);
    return { hook, done: new Set(done.map((d) => d.event_id)) };
  });
  if (!loaded)
    return { delivered: 0, skipped: input.events.length, failed: false, retryAt: null, disabled: false };
  const { hook } = loaded;
  const sealer = requireSecrets(ctx.secrets);
  const now = clock();
  const secrets = [sealer.open(hook.secret)];
  if (hook.previousSecret && hook.previousSecretExpiresAt && hook.previousSecretExpiresAt > now)
    secrets.push(sealer.open(hook.previousSecret));

  const pending = input.events.filter((e) => !loaded.done.has(e.id));
  const tried: Array<{ event: WebhookEvent; outcome: PostOutcome }> = [];
  for (const event of pending) {
    const body = JSON.stringify(event);
    const timestamp = Math.floor(clock().getTime() / 1000);
    const outcome = await postWebhook({
      url: hook.url,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Pregon-Webhooks/1',
        'pregon-event-id': event.id,
        'pregon-event-type': event.type,
        'pregon-signature': signWebhookBody({ secrets, body, timestamp }),
      },
      timeoutMs: settings.timeoutMs,
      allowLoopback: settings.allowLoopback,
    });
    tried.push({ event, outcome });
    if (!ok(outcome)) break;
  }
  const last = tried.at(-1);
  const failed = last !== undefined && !ok(last.outcome);
  const skipped = input.events.length - pending.length;
  if (tried.length === 0) return { delivered: 0, skipped, failed: false, retryAt: null, disabled: false };

  return withTenant(ctx.db, input.tenantId, async (tx) => {
    const at = clock();
    await tx.insert(webhookAttempts).values(
      tried.map(({ event, outcome }) => ({
        tenantId: input.tenantId,
        webhookId: hook.id,
        eventId: event.id,
        eventType: event.type,
        attempt,
        statusCode: outcome.statusCode,
        error: outcome.error,
        durationMs: outcome.durationMs,
        payload: event,
        at,
      })),
    );
    const delivered = tried.filter((t) => ok(t.outcome)).length;
    if (!failed || !last) {
      await tx
        .update(webhooks)
        .set({ consecutiveFailures: 0 })
        .where(and(eq(webhooks.id, hook.id), sql`${webhooks.consecutiveFailures} <> 0`));
      return { delivered, skipped, failed: false, retryAt: null, disabled: false };
    }
    const [counted] = await tx
      .update(webhooks)
      .set({ consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1` })
      .where(eq(webhooks.id, hook.id))
      .returning({ failures: webhooks.consecutiveFailures, enabled: webhooks.enabled });
    if (!counted?.enabled) return { delivered, skipped, failed: true, retryAt: null, disabled: false };
    const [streak] = await tx.execute<{ since: string | Date | null }>(sql`
      select min(at) as since from webhook_attempts where webhook_id = ${hook.id} and at > coalesce(
        (select max(at) from webhook_attempts where webhook_id = ${hook.id} and status_code between 200 and 299),
        '-infinity'::timestamptz)`);
    const failingMs = streak?.since ? at.getTime() - new Date(streak.since).getTime() : 0;
    const lastError =
      last.outcome.statusCode === null ? last.outcome.error : `HTTP ${last.outcome.statusCode}`;
    if (counted.failures >= settings.maxConsecutiveFailures || failingMs >= settings.maxFailingMs) {
      const reason =
        counted.failures >= settings.maxConsecutiveFailures
          ? `${counted.failures} consecutive failed deliveries (last: ${lastError})`
          : `failing for ${Math.round(failingMs / 3600_000)} h without a success (last: ${lastError})`;
      await tx
        .update(webhooks)
        .set({ enabled: false, disabledAt: at, disabledReason: reason })
        .where(eq(webhooks.id, hook.id));
      await tx.insert(auditEvents).values({
        tenantId: input.tenantId,
        actorKind: 'system',
        actorId: null,
        action: 'webhook.auto_disable',
        target: hook.id,
        detail: { reason, failures: counted.failures },
      });
      return { delivered, skipped, failed: true, retryAt: null, disabled: true };
    }
    if (attempt >= settings.maxAttempts)
      return { delivered, skipped, failed: true, retryAt: null, disabled: false };
    const rest = pending.slice(tried.length - 1);
    const retryAt = new Date(at.getTime() + settings.retryBaseMs * 2 ** (attempt - 1));
    await ctx.queue.enqueue(
      tx,
      'webhook.deliver',
      [{ tenantId: input.tenantId, webhookId: hook.id, events: rest, attempt: attempt + 1 }],
      { startAfter: retryAt },
    );
    return { delivered, skipped, failed: true, retryAt, disabled: false };
  });
}
