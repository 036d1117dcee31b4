import type { ReceiptItem } from '@pregon/domain';
import type { ServiceContext } from '@pregon/services';
import type { DeliveryReceipt } from '@pregon/smpp';

/** What a receipt.apply job needs of a parsed receipt, from our binds or a carrier's outbind. */
export function receiptItemOf(r: DeliveryReceipt): ReceiptItem {
  return {
    carrierMessageId: r.carrierMessageId,
    state: r.state,
    errorCode: r.errorCode ?? null,
    doneAt: r.doneDate?.toISOString() ?? null,
    receivedAt: new Date().toISOString(),
  };
}

interface Pending {
  item: ReceiptItem;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers receipts from a carrier's binds and stores them as receipt.apply jobs in batches. Each
 * receipt's promise settles when its batch is committed, so deliver_sm_resp is only sent for
 * receipts that are safe in PostgreSQL; a failed flush makes the SMSC send them again.
 */
export class ReceiptBuffer {
  readonly #ctx: ServiceContext;
  readonly #carrierId: string;
  readonly #maxBatch: number;
  readonly #maxDelayMs: number;
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    ctx: ServiceContext,
    carrierId: string,
    options: { maxBatch?: number; maxDelayMs?: number } = {},
  ) {
    this.#ctx = ctx;
    this.#carrierId = carrierId;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 50;
  }

  add(item: ReceiptItem): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) this.flush();
      else this.#timer ??= setTimeout(() => this.flush(), this.#maxDelayMs);
    });
  }

  /** Writes what is pending now; resolves when every flush so far has finished. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length > 0) {
      this.#flushing = this.#flushing.then(async () => {
        try {
          await this.#ctx.db.transaction((tx) =>
            this.#ctx.queue.enqueue(tx, 'receipt.apply', [
              { carrierId: this.#carrierId, receipts: batch.map((p) => p.item) },
            ]),
          );
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      });
    }
    return this.#flushing;
  }
}
