interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for items whose SMPP answer waits on their storage (receipts, MO): an item that
 * arrives while nothing is being written goes out on the next turn of the event loop, with whatever
 * else arrived in that turn; items that arrive while `concurrency` writes are in flight wait and go
 * together in the next one. No timer: under no load nothing waits, and under load each write carries
 * everything that queued up during the previous ones. Each item's promise settles when its batch is
 * committed, so an answer is only sent for what is safe in PostgreSQL; a failed write rejects the
 * whole batch (the peer sends again).
 *
 * (It used to wait up to 50 ms for a batch to fill. With an SMSC's window of 100 deliver_sm per
 * bind, batches never filled, every one waited the whole timer, and MO queued behind receipts.)
 */
export class CommitBatcher<T> {
  readonly #write: (items: T[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #concurrency: number;
  #pending: Pending<T>[] = [];
  #running = 0;
  #scheduled = false;
  #idle: Array<() => void> = [];

  constructor(
    write: (items: T[]) => Promise<void>,
    options: { maxBatch?: number; concurrency?: number } = {},
  ) {
    this.#write = write;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.#maxBatch) || this.#maxBatch < 1)
      throw new RangeError(`maxBatch must be a positive integer, not ${this.#maxBatch}`);
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1)
      throw new RangeError(`concurrency must be a positive integer, not ${this.#concurrency}`);
  }

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (this.#scheduled || this.#running >= this.#concurrency) return;
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#drain();
      });
    });
  }

  /** Writes what is pending now; resolves when nothing is pending or being written. */
  flush(): Promise<void> {
    this.#drain();
    if (this.#running === 0 && this.#pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #drain(): void {
    while (this.#running < this.#concurrency && this.#pending.length > 0) {
      const batch = this.#pending.splice(0, this.#maxBatch);
      this.#running += 1;
      void this.#run(batch).finally(() => {
        this.#running -= 1;
        if (this.#pending.length > 0) this.#drain();
        else if (this.#running === 0) for (const done of this.#idle.splice(0)) done();
      });
    }
  }

  async #run(batch: Pending<T>[]): Promise<void> {
    try {
      await this.#write(batch.map((p) => p.item));
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
