// SMPP 3.4 §5.1.4: sequence_number runs 0x00000001..0x7FFFFFFF, then wraps.
const MAX_SEQUENCE = 0x7fffffff;

/** Sequence numbers for the requests we originate. */
export class SequenceNumbers {
  #last: number;

  constructor(start = 0) {
    this.#last = start;
  }

  next(): number {
    this.#last = this.#last >= MAX_SEQUENCE ? 1 : this.#last + 1;
    return this.#last;
  }
}
