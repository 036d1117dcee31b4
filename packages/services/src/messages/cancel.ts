import { messages, withTenant } from '@pregon/db';
import { AppError, type MessageStatus } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { getMessage, type MessageView } from './get.ts';
import { applyTransitions } from './transition.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CANCELLABLE: readonly MessageStatus[] = ['accepted', 'scheduled', 'queued'];

/**
 * Cancels a message that has not started going to a carrier (accepted, scheduled, or queued and not
 * yet claimed for submit): it ends `cancelled` with reason `cancelled_by_user`. Cancelling a cancelled
 * one answers the same view again; a claimed, submitted or final one is CONFLICT; another agency's is
 * NOT_FOUND.
 */
export async function cancelMessage({
  ctx,
  input,
  tenantId,
  actor,
}: {
  ctx: ServiceContext;
  input: { id: string };
  tenantId: string;
  actor: Actor;
}): Promise<MessageView> {
  if (!UUID.test(input.id)) throw new AppError('NOT_FOUND', 'No such message');
  await withTenant(ctx.db, tenantId, async (tx) => {
    // The row lock orders this against claimForSubmit, which locks the same row before claiming it.
    const [m] = await tx
      .select({ id: messages.id, status: messages.status, claimedAt: messages.submitClaimedAt })
      .from(messages)
      .where(eq(messages.id, input.id))
      .for('update');
    if (!m) throw new AppError('NOT_FOUND', 'No such message');
    if (m.status === 'cancelled') return;
    if (m.claimedAt !== null && m.status === 'queued')
      throw new AppError(
        'CONFLICT',
        'The message is already being submitted to the carrier; too late to cancel',
      );
    if (!CANCELLABLE.includes(m.status))
      throw new AppError(
        'CONFLICT',
        `The message is already ${m.status}; only accepted, scheduled or queued messages can be cancelled`,
      );
    // With the queue, the agency's status webhooks hear of it in this same transaction.
    const moved = await applyTransitions(
      tx,
      tenantId,
      [{ id: m.id, status: 'cancelled', reason: 'cancelled_by_user', detail: { by: auditActor(actor) } }],
      ctx.queue,
    );
    if (moved.length === 0) throw new AppError('CONFLICT', 'The message changed status; try again');
  });
  return getMessage({ ctx, input, tenantId });
}
