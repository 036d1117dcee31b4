import type { ReceiptItem } from '@pregon/domain';
import type { Transition } from '../messages/transition.ts';

const FAILURES: Record<string, Pick<Transition, 'status' | 'reason'>> = {
  undeliverable: { status: 'failed', reason: 'carrier_undeliverable' },
  rejected: { status: 'failed', reason: 'carrier_rejected' },
  deleted: { status: 'failed', reason: 'carrier_deleted' },
  expired: { status: 'expired', reason: 'carrier_expired' },
};

/**
 * A message's status from its parts' final receipt states: any part that failed or expired settles
 * it at once with that part's reason; it is delivered only when every one of `expected` parts was.
 * Null while parts are still outstanding.
 */
export function combineParts(input: {
  id: string;
  partStates: Record<string, string>;
  expected: number;
  /** This batch's receipts for the message, for the history detail. */
  receipts: ReceiptItem[];
}): Transition | null {
  const parts = Object.entries(input.partStates);
  const detailOf = (partId: string, state: string) => {
    const r = input.receipts.find((x) => x.carrierMessageId === partId);
    return {
      receipt: state,
      part: partId,
      parts: input.expected,
      error: r?.errorCode ?? null,
      doneAt: r?.doneAt ?? null,
      carrierMessageId: partId,
    };
  };
  for (const [partId, state] of parts) {
    const failure = FAILURES[state];
    if (failure) return { id: input.id, ...failure, detail: detailOf(partId, state) };
  }
  const delivered = parts.filter(([, state]) => state === 'delivered');
  if (delivered.length === 0 || delivered.length < input.expected) return null;
  const settling =
    input.receipts.findLast((r) => r.state === 'delivered')?.carrierMessageId ?? delivered.at(-1)?.[0] ?? '';
  return { id: input.id, status: 'delivered', detail: detailOf(settling, 'delivered') };
}
