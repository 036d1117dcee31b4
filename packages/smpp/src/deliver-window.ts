import type { SessionLogger } from './esme-options.ts';

/**
 * Default cap of deliver_sm a bind holds unanswered: two of the gateway's receipt commit batches (500),
 * so one can fill while the other commits, far above an SMSC's own window (10-100), and a few MB a bind.
 */
export const DEFAULT_DELIVER_WINDOW = 1000;
/** A flooding peer is logged at most this often, with the count refused since the last line. */
const LOG_EVERY_MS = 10_000;

/**
 * The deliver_sm (receipts, MO) one bind took and has not answered yet, because their receipt or MO is
 * still being stored. Beyond `size` a deliver_sm must be answered ESME_RTHROTTLED at once and dropped:
 * the SMSC keeps it and sends it again (SMPP 3.4 §5.1.3), which bounds what a bind holds in memory.
 * @example if (!w.tryHold()) answer(ESME_RTHROTTLED); else try { await store(); } finally { w.release(); }
 */
export class DeliverWindow {
  readonly size: number;
  readonly #logger: SessionLogger;
  readonly #fields: Record<string, unknown>;
  #held = 0;
  #throttled = 0;
  #unlogged = 0;
  #loggedAt = Number.NEGATIVE_INFINITY;

  constructor(size: number, logger: SessionLogger, fields: Record<string, unknown> = {}) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`deliverWindow must be a positive integer, got ${size}`);
    this.size = size;
    this.#logger = logger;
    this.#fields = fields;
  }

  /** deliver_sm being stored now. */
  get held(): number {
    return this.#held;
  }

  /** deliver_sm refused with ESME_RTHROTTLED since the bind was created. */
  get throttled(): number {
    return this.#throttled;
  }

  /** Takes a slot; false (counted, logged at most every 10 s) when the window is full. */
  tryHold(): boolean {
    if (this.#held < this.size) {
      this.#held += 1;
      return true;
    }
    this.#throttled += 1;
    this.#unlogged += 1;
    const now = performance.now();
    if (now - this.#loggedAt >= LOG_EVERY_MS) {
      this.#logger.warn(
        { ...this.#fields, deliverWindow: this.size, refused: this.#unlogged, throttled: this.#throttled },
        'smpp deliver_sm window full: answering ESME_RTHROTTLED',
      );
      this.#loggedAt = now;
      this.#unlogged = 0;
    }
    return false;
  }

  release(): void {
    if (this.#held > 0) this.#held -= 1;
  }
}
