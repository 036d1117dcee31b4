import { abortableDelay } from './abortable-delay.ts';

/**
 * Link-wide pause after ESME_RTHROTTLED / ESME_RMSGQFUL (DESIGN: SMPP facts 2): every new submit waits,
 * and consecutive throttles double the pause up to `maxMs`; an accepted submit resets it.
 */
export class ThrottlePause {
  readonly baseMs: number;
  readonly maxMs: number;
  #until = 0;
  #consecutive = 0;

  constructor(baseMs: number, maxMs: number) {
    this.baseMs = baseMs;
    this.maxMs = maxMs;
  }

  /** Records a throttle answer and returns how long new submits now wait. */
  onThrottle(): number {
    const ms = Math.min(this.maxMs, this.baseMs * 2 ** this.#consecutive);
    this.#consecutive = Math.min(this.#consecutive + 1, 30);
    this.#until = Math.max(this.#until, Date.now() + ms);
    return ms;
  }

  onAccepted(): void {
    this.#consecutive = 0;
  }

  get pausedUntil(): number {
    return this.#until;
  }

  /** Resolves true when the pause is over, false if `signal` aborted first. */
  async wait(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      const left = this.#until - Date.now();
      if (left <= 0) return !signal?.aborted;
      if (!(await abortableDelay(left, signal))) return false;
    }
  }
}
