import { type InboundMessageInput, recordInboundMessages, type ServiceContext } from '@pregon/services';

interface Pending {
  row: InboundMessageInput;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers whole MO from every carrier and stores them in batches (one transaction each). Each MO's
 * promise settles when its batch is committed, so its deliver_sm_resp waits for PostgreSQL.
 */
export class InboundBuffer {
  readonly #ctx: ServiceContext;
  readonly #maxBatch: number;
  readonly #maxDelayMs: number;
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();

  constructor(ctx: ServiceContext, options: { maxBatch?: number; maxDelayMs?: number } = {}) {
    this.#ctx = ctx;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 20;
  }

  add(row: InboundMessageInput): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) void this.flush();
      else this.#timer ??= setTimeout(() => void this.flush(), this.#maxDelayMs);
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
          await recordInboundMessages({ ctx: this.#ctx, input: batch.map((p) => p.row) });
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      });
    }
    return this.#flushing;
  }
}
