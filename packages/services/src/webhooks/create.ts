import { auditEvents, webhooks, withTenant } from '@pregon/db';
import { AppError, WEBHOOK_EVENT_TYPES } from '@pregon/domain';
import { z } from 'zod';
import { randomToken } from '../auth/secrets.ts';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { requireSecrets } from '../secrets/carrier-secrets.ts';
import { webhookSettings } from './settings.ts';
import { checkWebhookUrl } from './url-policy.ts';
import { toWebhookView, type WebhookView } from './view.ts';

export const createWebhookInput = z.object({
  url: z.string().min(1).max(2048),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .default(['message.status']),
});

/** A new signing secret: shown once, stored sealed. */
export function newWebhookSecret(): string {
  return `whsec_${randomToken(40)}`;
}

const MAX_WEBHOOKS = 10;

/**
 * Registers a webhook for an agency. The signing secret is returned once and stored sealed, so a
 * process without a secret key refuses rather than storing it in clear.
 */
export async function createWebhook({
  ctx,
  tenantId,
  input,
  actor,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: z.input<typeof createWebhookInput>;
  actor: Actor;
}): Promise<WebhookView & { secret: string }> {
  const result = createWebhookInput.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new AppError('BAD_REQUEST', `"${field}" ${issue?.message ?? 'is invalid'}`, { details: { field } });
  }
  const parsed = result.data;
  const url = checkWebhookUrl(parsed.url, webhookSettings(ctx.webhooks).allowLoopback);
  const sealer = requireSecrets(ctx.secrets);
  const secret = newWebhookSecret();
  return withTenant(ctx.db, tenantId, async (tx) => {
    const existing = await tx.select({ id: webhooks.id }).from(webhooks);
    if (existing.length >= MAX_WEBHOOKS)
      throw new AppError('CONFLICT', `An agency has at most ${MAX_WEBHOOKS} webhooks; delete one first`);
    const [row] = await tx
      .insert(webhooks)
      .values({
        tenantId,
        url: url.toString(),
        events: [...new Set(parsed.events)],
        secret: sealer.seal(secret),
      })
      .returning();
    if (!row) throw new AppError('INTERNAL', 'webhook insert returned nothing');
    await tx.insert(auditEvents).values({
      tenantId,
      ...auditActor(actor),
      action: 'webhook.create',
      target: row.id,
      detail: { url: row.url, events: row.events },
    });
    return { ...toWebhookView(row), secret };
  });
}
