import { webhooks, withTenant } from '@pregon/db';
import { asc } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { toWebhookView, type WebhookView } from './view.ts';

/** An agency's webhooks, oldest first, with their health (failures, why one was disabled). */
export async function listWebhooks({
  ctx,
  tenantId,
}: {
  ctx: ServiceContext;
  tenantId: string;
}): Promise<WebhookView[]> {
  const rows = await withTenant(ctx.db, tenantId, (tx) =>
    tx.select().from(webhooks).orderBy(asc(webhooks.createdAt), asc(webhooks.id)),
  );
  return rows.map(toWebhookView);
}
