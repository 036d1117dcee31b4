// A real SMSC stores a delivery receipt until the ESME takes it, across reconnects. The simulator
// retries a receipt a few times and drops it when no session can take it (the gateway was killed), so
// the test plays the SMSC's store-and-forward: it remembers which receipts the gateway acknowledged and
// sends the others again, as the same deliver_sm the simulator would have sent.
import type { Simulator, SubmittedMessage } from '../simulator/src/index.ts';
import { receiptFields } from '../simulator/src/receipt-pdu.ts';

export interface ReceiptStore {
  /** Receipts the gateway acknowledged with status 0 (stored as a receipt.apply job before the resp). */
  readonly acknowledged: ReadonlySet<string>;
  /** Sends the receipt of each accepted submit again unless the gateway already acknowledged it. */
  redeliver(submits: readonly SubmittedMessage[]): Promise<number>;
  stop(): void;
}

export function receiptStore(simulator: Simulator): ReceiptStore {
  const acknowledged = new Set<string>();
  const off = simulator.on('receipt', (e) => {
    if (e.status === 0) acknowledged.add(e.messageId);
  });
  return {
    acknowledged,
    async redeliver(submits) {
      let sent = 0;
      for (const submit of submits) {
        if (submit.messageId === '' || acknowledged.has(submit.messageId)) continue;
        const fields = receiptFields({
          submit,
          delivered: submit.outcome === 'deliver',
          tlvId: submit.messageId,
          textId: submit.messageId,
          withTlvs: true,
          doneAt: new Date(),
        });
        const statuses = await simulator.injectMo({
          from: fields.sourceAddr,
          to: fields.destAddr,
          esmClass: fields.esmClass,
          dataCoding: fields.dataCoding,
          bytes: fields.shortMessage,
          tlvs: fields.tlvs ?? [],
        });
        if (statuses.includes(0)) acknowledged.add(submit.messageId);
        sent += 1;
      }
      return sent;
    },
    stop: off,
  };
}
