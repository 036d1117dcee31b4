import { auditEvents, webhooks, withTenant } from '@pregon/db';
import { eq } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { findWebhookForUpdate } from './find.ts';
import { toWebhookView, type WebhookView } from './view.ts';

/**
 * Turns a webhook off, or back on after the agency fixed its receiver: re-enabling clears the
 * failure count and the reason. Events raised while it was off are not sent afterwards.
 */
export async function setWebhookEnabled({
  ctx,
  tenantId,
  input,
  actor,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: { id: string; enabled: boolean };
  actor: Actor;
}): Promise<WebhookView> {
  const now = ctx.now?.() ?? new Date();
  return withTenant(ctx.db, tenantId, async (tx) => {
    const current = await findWebhookForUpdate(tx, input.id);
    const [row] = await tx
      .update(webhooks)
      .set(
        input.enabled
          ? { enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null }
          : {
              enabled: false,
              disabledAt: current.enabled ? now : current.disabledAt,
              disabledReason: current.enabled ? 'disabled_by_agency' : current.disabledReason,
            },
      )
      .where(eq(webhooks.id, current.id))
      .returning();
    await tx.insert(auditEvents).values({
      tenantId,
      ...auditActor(actor),
      action: input.enabled ? 'webhook.enable' : 'webhook.disable',
      target: current.id,
    });
    return toWebhookView(row ?? current);
  });
}
