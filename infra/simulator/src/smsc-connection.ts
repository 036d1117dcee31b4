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

interface QueuedDeliver {
  readonly fields: MessageFields;
  readonly timeoutMs: number;
  readonly settle: (s: RequestSettlement) => void;
}

/**
 * One ESME connected to the simulator: its bind and its deliver_sm. Like a real SMSC it keeps at most
 * `deliverWindow` of them unanswered and queues the rest, and can hold the bind back after a throttle.
 */
export class SmscConnection {
  readonly link: PduLink;
  mode: BindMode | null = null;
  systemId: string | null = null;
  readonly #seq = new SequenceNumbers();
  readonly #pending = new PendingRequests();
  readonly #deliverWindow: number;
  readonly #queue: QueuedDeliver[] = [];
  #unanswered = 0;
  #heldUntil = 0;
  #resume: NodeJS.Timeout | null = null;

  constructor(socket: Socket, handlers: SmscConnectionHandlers, deliverWindow: number) {
    this.#deliverWindow = deliverWindow;
    this.link = new PduLink(socket, {
      onPdu: (pdu) => {
        if (pdu.isResponse && this.#pending.answer(pdu)) return;
        handlers.onPdu(this, pdu);
      },
      onMalformed: (header, reason) => handlers.onMalformed(this, header, reason),
      onClose: () => {
        if (this.#resume !== null) clearTimeout(this.#resume);
        this.#resume = null;
        for (const q of this.#queue.splice(0)) q.settle({ kind: 'closed' });
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

  /** deliver_sm sent and not answered yet (at most the deliver window). */
  get unanswered(): number {
    return this.#unanswered;
  }

  /** deliver_sm waiting for a window slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Sends a deliver_sm once the window has room (and the bind is not held back), and resolves with its
   * deliver_sm_resp, a timeout (counted from the send), or the link closing.
   */
  deliver(fields: MessageFields, timeoutMs: number): Promise<RequestSettlement> {
    return new Promise((settle) => {
      this.#queue.push({ fields, timeoutMs, settle });
      this.#pump();
    });
  }

  /** Sends no new deliver_sm for `ms` (the ESME answered ESME_RTHROTTLED); queued ones wait. */
  holdDeliveries(ms: number): void {
    const until = Date.now() + ms;
    if (until <= this.#heldUntil) return;
    this.#heldUntil = until;
    if (this.#resume !== null) clearTimeout(this.#resume);
    this.#resume = setTimeout(() => {
      this.#resume = null;
      this.#heldUntil = 0; // a timer may fire a little before Date.now() reaches the deadline
      this.#pump();
    }, ms);
  }

  #pump(): void {
    while (this.#unanswered < this.#deliverWindow && Date.now() >= this.#heldUntil) {
      const next = this.#queue.shift();
      if (next === undefined) return;
      const sequence = this.#seq.next();
      const answer = this.#pending.track(sequence, next.timeoutMs);
      if (!this.link.send(encodeMessagePdu('deliver_sm', sequence, next.fields))) {
        this.#pending.forget(sequence);
      }
      this.#unanswered += 1;
      void answer.then((r) => {
        this.#unanswered -= 1;
        next.settle(r);
        this.#pump();
      });
    }
  }
}
