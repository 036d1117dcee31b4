import { auditEvents, webhooks, withTenant } from '@pregon/db';
import { eq } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { findWebhookForUpdate } from './find.ts';

/** Removes a webhook and its attempt log; jobs already queued for it find nothing and end quietly. */
export async function deleteWebhook({
  ctx,
  tenantId,
  input,
  actor,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: { id: string };
  actor: Actor;
}): Promise<void> {
  await withTenant(ctx.db, tenantId, async (tx) => {
    const current = await findWebhookForUpdate(tx, input.id);
    await tx.delete(webhooks).where(eq(webhooks.id, current.id));
    await tx.insert(auditEvents).values({
      tenantId,
      ...auditActor(actor),
      action: 'webhook.delete',
      target: current.id,
      detail: { url: current.url },
    });
  });
}
