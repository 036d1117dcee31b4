export type IdFormat = 'hex' | 'dec';

/**
 * Fresh SMSC message ids. Hex ids are upper-case and zero-padded, like several real SMSCs, so that ESMEs
 * must normalize case and leading zeros (DESIGN: SMPP facts 7).
 */
export class MessageIdSource {
  #next: bigint;

  constructor(start: bigint = BigInt(Date.now()) * 1000n) {
    this.#next = start;
  }

  next(): bigint {
    this.#next += 1n;
    return this.#next;
  }
}

export function formatMessageId(id: bigint, format: IdFormat): string {
  return format === 'hex' ? id.toString(16).toUpperCase().padStart(16, '0') : id.toString(10);
}
