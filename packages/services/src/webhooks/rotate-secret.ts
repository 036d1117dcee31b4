import { auditEvents, webhooks, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { requireSecrets } from '../secrets/carrier-secrets.ts';
import { newWebhookSecret } from './create.ts';
import { findWebhookForUpdate } from './find.ts';
import { ROTATION_GRACE_SECONDS } from './settings.ts';

/**
 * Replaces a webhook's secret. Requests keep carrying a second signature with the old secret for
 * `graceSeconds` (default a day; 0 drops it at once), so receivers can switch without a gap.
 */
export async function rotateWebhookSecret({
  ctx,
  tenantId,
  input,
  actor,
}: {
  ctx: ServiceContext;
  tenantId: string;
  input: { id: string; graceSeconds?: number };
  actor: Actor;
}): Promise<{ id: string; secret: string; previousSecretExpiresAt: string | null }> {
  const grace = input.graceSeconds ?? ROTATION_GRACE_SECONDS;
  if (!Number.isInteger(grace) || grace < 0 || grace > 7 * 24 * 3600)
    throw new AppError('BAD_REQUEST', '"graceSeconds" must be a whole number from 0 to 604800 (7 days)', {
      details: { field: 'graceSeconds' },
    });
  const sealer = requireSecrets(ctx.secrets);
  const now = ctx.now?.() ?? new Date();
  const secret = newWebhookSecret();
  return withTenant(ctx.db, tenantId, async (tx) => {
    const current = await findWebhookForUpdate(tx, input.id);
    const expiresAt = grace === 0 ? null : new Date(now.getTime() + grace * 1000);
    await tx
      .update(webhooks)
      .set({
        secret: sealer.seal(secret),
        previousSecret: expiresAt ? current.secret : null,
        previousSecretExpiresAt: expiresAt,
      })
      .where(eq(webhooks.id, current.id));
    await tx.insert(auditEvents).values({
      tenantId,
      ...auditActor(actor),
      action: 'webhook.rotate_secret',
      target: current.id,
      detail: { graceSeconds: grace },
    });
    return { id: current.id, secret, previousSecretExpiresAt: expiresAt?.toISOString() ?? null };
  });
}
