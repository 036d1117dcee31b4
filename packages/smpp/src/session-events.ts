import type { DeliveryReceipt } from './delivery-receipt.ts';
import type { InboundMessage } from './inbound-message.ts';

export type SessionState = 'connecting' | 'binding' | 'bound' | 'unbound' | 'stopped';

/** Handlers of receipts and MO may return a Promise: the deliver_sm_resp waits for it. */
export interface EsmeSessionEvents {
  state: (state: SessionState) => void;
  receipt: (receipt: DeliveryReceipt) => void | Promise<void>;
  mo: (message: InboundMessage) => void | Promise<void>;
  error: (error: Error) => void;
}

type Handlers = { [K in keyof EsmeSessionEvents]: Set<EsmeSessionEvents[K]> };

/** Typed listeners; unlike EventEmitter, an 'error' with no listener is not thrown. */
export class SessionEventHub {
  readonly #handlers: Handlers = { state: new Set(), receipt: new Set(), mo: new Set(), error: new Set() };

  on<K extends keyof EsmeSessionEvents>(event: K, handler: EsmeSessionEvents[K]): () => void {
    const set = this.#handlers[event] as Set<EsmeSessionEvents[K]>;
    set.add(handler);
    return () => set.delete(handler);
  }

  count(event: keyof EsmeSessionEvents): number {
    return this.#handlers[event].size;
  }

  emitState(state: SessionState): void {
    for (const h of this.#handlers.state) h(state);
  }

  emitError(error: Error): void {
    for (const h of this.#handlers.error) h(error);
  }

  /** Runs every handler and settles once all have; rejects if any threw or rejected. */
  async deliverReceipt(receipt: DeliveryReceipt): Promise<void> {
    await Promise.all([...this.#handlers.receipt].map(async (h) => h(receipt)));
  }

  async deliverMo(message: InboundMessage): Promise<void> {
    await Promise.all([...this.#handlers.mo].map(async (h) => h(message)));
  }
}
