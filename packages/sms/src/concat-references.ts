// Concatenation references must differ between messages in flight to one handset, or it mixes their parts.

export interface ConcatReferencesOptions {
  /** 8 or 16, matching encodeMessage's referenceBits; default 8. */
  bits?: 8 | 16;
  /** Destinations remembered before the least recently used is forgotten; default 10000. */
  maxDestinations?: number;
  /** Source of the first reference for a destination, in [0, 1); default Math.random. */
  random?: () => number;
}

/** Rotates concat references per destination with bounded memory. `refs.next('+34600000001') // 0..255` */
export class ConcatReferences {
  readonly #modulus: number;
  readonly #max: number;
  readonly #random: () => number;
  readonly #last = new Map<string, number>();

  constructor(opts: ConcatReferencesOptions = {}) {
    this.#modulus = opts.bits === 16 ? 0x10000 : 0x100;
    this.#max = Math.max(1, opts.maxDestinations ?? 10_000);
    this.#random = opts.random ?? Math.random;
  }

  /** The next reference for a destination; a new one starts at random so restarts do not reuse 0. */
  next(destination: string): number {
    const last = this.#last.get(destination);
    const ref =
      last === undefined
        ? Math.floor(this.#random() * this.#modulus) % this.#modulus
        : (last + 1) % this.#modulus;
    // Re-inserting keeps Map order = recency, so the first key is the least recently used.
    this.#last.delete(destination);
    this.#last.set(destination, ref);
    if (this.#last.size > this.#max) {
      const oldest = this.#last.keys().next();
      if (!oldest.done) this.#last.delete(oldest.value);
    }
    return ref;
  }

  /** Destinations currently remembered. */
  get size(): number {
    return this.#last.size;
  }
}
