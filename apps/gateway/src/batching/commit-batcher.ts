interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers items and writes them in batches, one write a batch, at most `maxDelayMs` after the first.
 * Each item's promise settles when its batch is committed, so an SMPP answer that waits on it is only
 * sent for what is safe in PostgreSQL; a failed write rejects the whole batch (the peer sends again).
 */
export class CommitBatcher<T> {
  readonly #write: (items: T[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #maxDelayMs: number;
  #pending: Pending<T>[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    write: (items: T[]) => Promise<void>,
    options: { maxBatch?: number; maxDelayMs?: number } = {},
  ) {
    this.#write = write;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 50;
  }

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
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
          await this.#write(batch.map((p) => p.item));
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      });
    }
    return this.#flushing;
  }
}
