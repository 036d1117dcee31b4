import type { SubmitItem } from '@pregon/domain';
import type { SubmitResult } from '@pregon/services';
import type { EsmeSession, SubmitOutcome } from '@pregon/smpp';
import { smppAbsoluteTime } from './smpp-time.ts';

const MAX_THROTTLED = 20;
const BIND_WAIT_MS = 30_000;

/**
 * Submits every part of one message on one bind, in order, at its lane's priority. Throttling is waited out on the same part.
 * Nothing written yet -> `retry`; a part written without an answer -> `unknown`; never a blind resend.
 */
export async function submitItem(
  session: EsmeSession,
  item: SubmitItem,
  /** The lane's priority: it gets window slots before lower lanes waiting on the bind. */
  priority = 0,
  /** Called once, when the first part's PDU is written (the message may now have reached the carrier). */
  onWritten?: () => void,
): Promise<SubmitResult> {
  const ids: string[] = [];
  const validityPeriod = item.validUntil ? smppAbsoluteTime(new Date(item.validUntil)) : undefined;
  for (const [index, part] of item.parts.entries()) {
    let outcome: SubmitOutcome;
    let throttled = 0;
    for (;;) {
      outcome = await session.submit(
        {
          sourceAddr: item.from,
          sourceTon: item.sourceTon,
          sourceNpi: item.sourceNpi,
          destAddr: item.to,
          destTon: item.destTon ?? 1,
          destNpi: item.destNpi ?? 1,
          dataCoding: item.dataCoding,
          esmClass: part.udhi ? 0x40 : 0x00,
          shortMessage: Buffer.from(part.bytes, 'hex'),
          // SMPP 3.4 §5.2.17: 1 = final delivery receipt requested.
          registeredDelivery: 1,
          ...(validityPeriod ? { validityPeriod } : {}),
        },
        { waitMs: BIND_WAIT_MS, priority, ...(index === 0 && onWritten ? { onWritten } : {}) },
      );
      if (outcome.kind !== 'throttled' || ++throttled > MAX_THROTTLED) break;
    }
    switch (outcome.kind) {
      case 'accepted':
        ids.push(outcome.messageId);
        continue;
      case 'rejected':
        return {
          kind: 'rejected',
          status: outcome.status,
          statusName: outcome.statusName,
          permanent: outcome.permanent,
        };
      case 'unknown':
        return { kind: 'unknown', reason: outcome.reason };
      case 'throttled':
      case 'not_sent':
        // Earlier parts already went out: resending the whole message would duplicate them.
        return index === 0
          ? { kind: 'retry', reason: outcome.kind }
          : { kind: 'unknown', reason: `part_${index + 1}_${outcome.kind}` };
    }
  }
  return { kind: 'accepted', carrierMessageIds: ids };
}
