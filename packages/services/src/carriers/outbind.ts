import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@pregon/domain';
import type { ServiceContext } from '../context.ts';
import type { CarrierRow } from './add.ts';
import { loadCarriersForBinding } from './link-state.ts';

/**
 * The enabled carrier an `outbind` (SMPP 3.4 §4.1.7) names: its system_id and password must be the
 * credentials we bind to that carrier with. Unknown or wrong is UNAUTHORIZED with `details.reason`
 * (no hint which); the returned row carries the opened password for our bind_receiver.
 */
export async function resolveOutbindCarrier({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { systemId: string; password: string };
}): Promise<CarrierRow> {
  const candidates = (await loadCarriersForBinding({ ctx })).filter((c) => c.systemId === input.systemId);
  const match = candidates.find((c) => samePassword(c.password, input.password));
  if (match !== undefined) return match;
  const reason = candidates.length === 0 ? 'unknown_system_id' : 'wrong_password';
  throw new AppError('UNAUTHORIZED', 'outbind refused', { details: { reason } });
}

// Digests first, so the comparison takes the same time whatever the lengths.
function samePassword(expected: string, given: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(given));
}
