import type { InboundMessage } from './inbound-message.ts';
import { type MoPart, moPartOf } from './mo-part.ts';
import { joinPartsText } from './mo-text.ts';

/** A whole MO, or (complete: false) what arrived of one before its timeout or eviction. */
export interface ReassembledMo {
  readonly source: string;
  readonly destination: string;
  /** Missing parts appear as the `missingMarker` ('…' by default) at their place. */
  readonly text: string;
  /** data_coding of the lowest-numbered part that arrived. */
  readonly dataCoding: number;
  /** Parts the message announced (1 for a single message). */
  readonly parts: number;
  readonly complete: boolean;
  /** Sequence numbers (1-based) that never arrived; empty when complete. */
  readonly missing: readonly number[];
  /** The first part received, for TON/NPI, protocol_id and raw TLVs. */
  readonly firstPart: InboundMessage;
}

export interface MoReassemblerOptions {
  readonly onMessage: (mo: ReassembledMo) => void;
  /** From a group's first part to its delivery as incomplete; default 60000. */
  readonly timeoutMs?: number;
  /** Groups waiting for parts; past it the oldest is delivered incomplete. Default 1000. */
  readonly maxPending?: number;
  /** User-data octets held by waiting groups; past it the oldest are delivered incomplete. Default 8 MiB. */
  readonly maxPendingOctets?: number;
  /** Stands in for each missing part in `text`; default '…' (U+2026). */
  readonly missingMarker?: string;
  /** Clock in ms; default Date.now (tests inject their own). */
  readonly now?: () => number;
}

interface Group {
  readonly key: string;
  readonly startedAt: number;
  readonly total: number;
  readonly first: InboundMessage;
  readonly parts: Map<number, MoPart>;
  octets: number;
}

interface Completed {
  readonly at: number;
  readonly parts: ReadonlyMap<number, MoPart>;
}

/**
 * Joins concatenated MO (UDH IE 0x00/0x08 anywhere in the header, SAR TLVs, message_payload) into whole
 * messages; parts may arrive in any order and twice. Call `sweep()` periodically to deliver timed-out groups.
 * @example const r = new MoReassembler({ onMessage: (m) => save(m) }); session.on('mo', (mo) => r.push(mo));
 */
export class MoReassembler {
  readonly #onMessage: (mo: ReassembledMo) => void;
  readonly #timeoutMs: number;
  readonly #maxPending: number;
  readonly #maxOctets: number;
  readonly #marker: string;
  readonly #now: () => number;
  // Insertion order is start order, so the first entries are the oldest (eviction and sweep walk from the front).
  readonly #pending = new Map<string, Group>();
  // Recently completed groups, so a redelivered part (lost deliver_sm_resp) is not a new message.
  readonly #completed = new Map<string, Completed>();
  #octets = 0;
  #duplicates = 0;

  constructor(options: MoReassemblerOptions) {
    this.#onMessage = options.onMessage;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#maxPending = Math.max(1, options.maxPending ?? 1000);
    this.#maxOctets = options.maxPendingOctets ?? 8 * 1024 * 1024;
    this.#marker = options.missingMarker ?? '…';
    this.#now = options.now ?? Date.now;
  }

  /** Groups waiting for parts. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Parts ignored as duplicates so far. */
  get duplicates(): number {
    return this.#duplicates;
  }

  /** Takes one MO deliver_sm; delivers it at once when single, or its group when this part completes it. */
  push(mo: InboundMessage): void {
    this.sweep();
    const part = moPartOf(mo);
    const concat = part.concat;
    if (concat === null || concat.total === 1) {
      this.#onMessage(this.#result(mo, new Map([[1, part]]), 1));
      return;
    }
    const key = JSON.stringify([mo.source, mo.destination, concat.ref, concat.total]);
    const done = this.#completed.get(key);
    if (done !== undefined && samePayload(done.parts.get(concat.seq), part)) {
      this.#duplicates += 1;
      return;
    }
    let group = this.#pending.get(key);
    if (group === undefined) {
      group = { key, startedAt: this.#now(), total: concat.total, first: mo, parts: new Map(), octets: 0 };
      this.#pending.set(key, group);
    }
    if (group.parts.has(concat.seq)) {
      this.#duplicates += 1;
      return;
    }
    group.parts.set(concat.seq, part);
    group.octets += part.payload.length;
    this.#octets += part.payload.length;
    if (group.parts.size === group.total) {
      this.#remove(group);
      this.#completed.delete(key); // re-inserted at the end, keeping the map in completion order
      this.#completed.set(key, { at: this.#now(), parts: group.parts });
      this.#trimCompleted();
      this.#onMessage(this.#result(group.first, group.parts, group.total));
      return;
    }
    while (this.#pending.size > this.#maxPending || this.#octets > this.#maxOctets) {
      const oldest = this.#pending.values().next().value;
      if (oldest === undefined) break;
      this.#deliverIncomplete(oldest);
    }
  }

  /** Delivers, incomplete, every group older than the timeout; returns how many. */
  sweep(): number {
    const now = this.#now();
    let delivered = 0;
    for (const group of this.#pending.values()) {
      if (now - group.startedAt < this.#timeoutMs) break;
      this.#deliverIncomplete(group);
      delivered += 1;
    }
    for (const [key, done] of this.#completed) {
      if (now - done.at < this.#timeoutMs) break;
      this.#completed.delete(key);
    }
    return delivered;
  }

  /** Delivers every waiting group as it is (shutdown). */
  flush(): void {
    for (const group of [...this.#pending.values()]) this.#deliverIncomplete(group);
  }

  /** Runs `sweep()` every `intervalMs` on an unref'd timer; returns the stop function. */
  startSweeping(intervalMs = 1000): () => void {
    const timer = setInterval(() => this.sweep(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  #deliverIncomplete(group: Group): void {
    this.#remove(group);
    this.#onMessage(this.#result(group.first, group.parts, group.total));
  }

  #remove(group: Group): void {
    this.#pending.delete(group.key);
    this.#octets -= group.octets;
  }

  #trimCompleted(): void {
    while (this.#completed.size > this.#maxPending) {
      const oldest = this.#completed.keys().next().value;
      if (oldest === undefined) break;
      this.#completed.delete(oldest);
    }
  }

  #result(first: InboundMessage, parts: ReadonlyMap<number, MoPart>, total: number): ReassembledMo {
    const missing: number[] = [];
    let lowest: MoPart | undefined;
    for (let seq = 1; seq <= total; seq++) {
      const p = parts.get(seq);
      if (p === undefined) missing.push(seq);
      else lowest ??= p;
    }
    return {
      source: first.source,
      destination: first.destination,
      text: joinPartsText(parts, total, this.#marker),
      dataCoding: lowest?.dataCoding ?? first.dataCoding,
      parts: total,
      complete: missing.length === 0,
      missing,
      firstPart: first,
    };
  }
}

function samePayload(a: MoPart | undefined, b: MoPart): boolean {
  return a !== undefined && Buffer.from(a.payload).equals(b.payload);
}
