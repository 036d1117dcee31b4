export interface BindLockoutOptions {
  /** Failed binds from one address within `windowMs` that lock it out. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** How long a locked-out address is refused without checking credentials. */
  readonly lockMs: number;
  readonly now?: () => number;
}

export const DEFAULT_BIND_LOCKOUT: BindLockoutOptions = {
  maxFailures: 5,
  windowMs: 10 * 60_000,
  lockMs: 5 * 60_000,
};

interface SourceRecord {
  failures: number[];
  lockedUntil: number;
}

/**
 * Failed SMPP binds per source address: after `maxFailures` within `windowMs` the address is refused
 * for `lockMs`. A successful bind does not clear earlier failures, so one valid account cannot be
 * used to keep guessing another's password.
 */
export class BindLockout {
  readonly #options: BindLockoutOptions;
  readonly #now: () => number;
  readonly #sources = new Map<string, SourceRecord>();

  constructor(options: BindLockoutOptions = DEFAULT_BIND_LOCKOUT) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** True while `source` is locked out. */
  isLocked(source: string): boolean {
    const record = this.#sources.get(source);
    return record !== undefined && record.lockedUntil > this.#now();
  }

  /** Counts a failed bind; true when this failure locked the source out. */
  recordFailure(source: string): boolean {
    const now = this.#now();
    this.#forgetExpired(now);
    const record = this.#sources.get(source) ?? { failures: [], lockedUntil: 0 };
    record.failures.push(now);
    this.#sources.set(source, record);
    if (record.failures.length < this.#options.maxFailures) return false;
    record.lockedUntil = now + this.#options.lockMs;
    record.failures = [];
    return true;
  }

  // Keeps memory bounded by the addresses that failed recently, whatever a scanner sends.
  #forgetExpired(now: number): void {
    for (const [source, record] of this.#sources) {
      record.failures = record.failures.filter((at) => now - at < this.#options.windowMs);
      if (record.failures.length === 0 && record.lockedUntil <= now) this.#sources.delete(source);
    }
  }
}
