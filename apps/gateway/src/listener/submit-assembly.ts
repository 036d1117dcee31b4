import { randomUUID } from 'node:crypto';
import type { SubmitPart } from './submit-content.ts';

/** A concatenated submit, whole or cut short by the timeout: its parts in order and its first part's meta. */
export interface AssembledSubmit<M> {
  readonly messageId: string;
  readonly parts: readonly SubmitPart[];
  readonly meta: M;
  readonly complete: boolean;
}

export type AssemblyStep<M> =
  | { readonly kind: 'partial'; readonly messageId: string }
  | { readonly kind: 'complete'; readonly assembled: AssembledSubmit<M> };

interface Assembly<M> {
  readonly messageId: string;
  readonly total: number;
  readonly parts: Map<number, SubmitPart>;
  readonly meta: M;
  readonly timer: NodeJS.Timeout;
}

/**
 * Collects the parts of concatenated submits by key (client, addresses, reference) into one message.
 * Each message gets its id when its first part arrives, so earlier parts can be answered with it at
 * once; a message still incomplete after `timeoutMs` is handed to `onTimeout` with what arrived.
 */
export class SubmitAssembler<M> {
  readonly #timeoutMs: number;
  readonly #onTimeout: (assembled: AssembledSubmit<M>) => void;
  readonly #open = new Map<string, Assembly<M>>();

  constructor(options: { timeoutMs: number; onTimeout: (assembled: AssembledSubmit<M>) => void }) {
    this.#timeoutMs = options.timeoutMs;
    this.#onTimeout = options.onTimeout;
  }

  get size(): number {
    return this.#open.size;
  }

  /** Adds a part (position required); a repeated part replaces the earlier copy. */
  add(key: string, part: SubmitPart, meta: M): AssemblyStep<M> {
    const position = part.position;
    if (position === null) throw new RangeError('SubmitAssembler.add needs a part with a position');
    let assembly = this.#open.get(key);
    if (assembly !== undefined && assembly.total !== position.total) {
      // Same reference, another total: a new message reusing the reference; the old one ends here.
      this.#expire(key);
      assembly = undefined;
    }
    if (assembly === undefined) {
      const timer = setTimeout(() => this.#expire(key), this.#timeoutMs);
      timer.unref();
      assembly = { messageId: randomUUID(), total: position.total, parts: new Map(), meta, timer };
      this.#open.set(key, assembly);
    }
    assembly.parts.set(position.seq, part);
    if (assembly.parts.size < assembly.total) return { kind: 'partial', messageId: assembly.messageId };
    clearTimeout(assembly.timer);
    this.#open.delete(key);
    return { kind: 'complete', assembled: toAssembled(assembly, true) };
  }

  /** Ends every open assembly now (shutdown), returning what arrived of each. */
  drain(): AssembledSubmit<M>[] {
    const out: AssembledSubmit<M>[] = [];
    for (const assembly of this.#open.values()) {
      clearTimeout(assembly.timer);
      out.push(toAssembled(assembly, false));
    }
    this.#open.clear();
    return out;
  }

  #expire(key: string): void {
    const assembly = this.#open.get(key);
    if (assembly === undefined) return;
    clearTimeout(assembly.timer);
    this.#open.delete(key);
    this.#onTimeout(toAssembled(assembly, false));
  }
}

function toAssembled<M>(assembly: Assembly<M>, complete: boolean): AssembledSubmit<M> {
  const parts = [...assembly.parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part);
  return { messageId: assembly.messageId, parts, meta: assembly.meta, complete };
}
