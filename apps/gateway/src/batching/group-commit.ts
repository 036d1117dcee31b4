interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items that arrive while a write is in flight wait and go together in the next one.
 * Under no load an item is written at once (no timer, no added latency); under load each write
 * carries everything that queued up during the previous one, so one transaction serves many
 * requests. Items are grouped by key (the agency: one tenant transaction a write); at most
 * `concurrency` writes run per key. `write` answers each item in order: a result or its own error.
 */
export class GroupCommit<T, R> {
  readonly #write: (
    key: string,
    items: T[],
  ) => Promise<Array<{ ok: true; value: R } | { ok: false; error: unknown }>>;
  readonly #maxBatch: number;
  readonly #concurrency: number;
  readonly #queues = new Map<string, { waiting: Waiting<T, R>[]; running: number }>();

  constructor(
    write: (
      key: string,
      items: T[],
    ) => Promise<Array<{ ok: true; value: R } | { ok: false; error: unknown }>>,
    options: { maxBatch?: number; concurrency?: number } = {},
  ) {
    this.#write = write;
    this.#maxBatch = options.maxBatch ?? 200;
    this.#concurrency = options.concurrency ?? 2;
  }

  add(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.#queues.get(key) ?? { waiting: [], running: 0 };
      this.#queues.set(key, queue);
      queue.waiting.push({ item, resolve, reject });
      // Start on the next turn of the event loop, so requests parsed in this one go together.
      if (queue.running < this.#concurrency && queue.waiting.length === 1)
        setImmediate(() => this.#drain(key));
    });
  }

  #drain(key: string): void {
    const queue = this.#queues.get(key);
    if (!queue) return;
    while (queue.running < this.#concurrency && queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, this.#maxBatch);
      queue.running += 1;
      void this.#run(key, batch).finally(() => {
        queue.running -= 1;
        if (queue.waiting.length > 0) this.#drain(key);
        else if (queue.running === 0) this.#queues.delete(key);
      });
    }
  }

  async #run(key: string, batch: Waiting<T, R>[]): Promise<void> {
    try {
      const outcomes = await this.#write(
        key,
        batch.map((w) => w.item),
      );
      for (const [i, w] of batch.entries()) {
        const outcome = outcomes[i];
        if (outcome === undefined) w.reject(new Error('group commit: the write gave no answer for an item'));
        else if (outcome.ok) w.resolve(outcome.value);
        else w.reject(outcome.error);
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
