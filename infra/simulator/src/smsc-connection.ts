import type { Socket } from 'node:net';
import {
  type DecodedPdu,
  encodeMessagePdu,
  type MessageFields,
  type PduHeader,
  PduLink,
  PendingRequests,
  type RequestSettlement,
  SequenceNumbers,
} from '@pregon/smpp';

export type BindMode = 'trx' | 'tx' | 'rx';

export interface SmscConnectionHandlers {
  readonly onPdu: (conn: SmscConnection, pdu: DecodedPdu) => void;
  readonly onMalformed: (conn: SmscConnection, header: PduHeader, reason: string) => void;
  readonly onClose: (conn: SmscConnection) => void;
}

/** One ESME connected to the simulator: its bind and the deliver_sm it still owes answers for. */
export class SmscConnection {
  readonly link: PduLink;
  mode: BindMode | null = null;
  systemId: string | null = null;
  readonly #seq = new SequenceNumbers();
  readonly #pending = new PendingRequests();

  constructor(socket: Socket, handlers: SmscConnectionHandlers) {
    this.link = new PduLink(socket, {
      onPdu: (pdu) => {
        if (pdu.isResponse && this.#pending.answer(pdu)) return;
        handlers.onPdu(this, pdu);
      },
      onMalformed: (header, reason) => handlers.onMalformed(this, header, reason),
      onClose: () => {
        this.#pending.settleAll('closed');
        handlers.onClose(this);
      },
      onError: () => {},
    });
  }

  get canReceive(): boolean {
    return this.link.open && (this.mode === 'trx' || this.mode === 'rx');
  }

  get canTransmit(): boolean {
    return this.link.open && (this.mode === 'trx' || this.mode === 'tx');
  }

  /** Sends a deliver_sm and resolves with its deliver_sm_resp, a timeout, or the link closing. */
  deliver(fields: MessageFields, timeoutMs: number): Promise<RequestSettlement> {
    const sequence = this.#seq.next();
    const answer = this.#pending.track(sequence, timeoutMs);
    if (!this.link.send(encodeMessagePdu('deliver_sm', sequence, fields))) this.#pending.forget(sequence);
    return answer;
  }
}
