import type { InboundMessageInput, ServiceContext } from '@pregon/services';
import { type InboundMessage, MoReassembler, type ReassembledMo } from '@pregon/smpp';
import type { Logger } from 'pino';
import { InboundBuffer } from './inbound-buffer.ts';

// SMPP 3.4 §5.2.5 type_of_number 1: international, written without the '+'.
const TON_INTERNATIONAL = 1;
// Background stores (a message no carrier will send again): 1 s doubling to 30 s, about 3 minutes in all.
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;
const RETRY_ATTEMPTS = 10;

interface CarrierMo {
  readonly reassembler: MoReassembler;
  readonly stopSweeping: () => void;
}

/**
 * MO from every carrier connection of this process (our binds and their outbinds): one reassembler per
 * carrier, so parts that arrive on different binds still join, and whole messages stored as
 * inbound_messages. accept() settles when the MO is safe: at once for a part still waiting for the
 * rest (held in memory), after the commit for a message it completes. Messages no carrier will send
 * again (completed by the timeout, or concatenated and failed to store) are stored in the background.
 */
export class MoIntake {
  readonly #store: InboundBuffer;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  readonly #carriers = new Map<string, CarrierMo>();
  #capture: Promise<void>[] | null = null;
  readonly #background = new Set<Promise<void>>();
  readonly #wakers = new Set<() => void>();
  #closing = false;

  constructor(deps: { ctx: ServiceContext; logger: Logger; reassemblyTimeoutMs: number }) {
    this.#store = new InboundBuffer(deps.ctx);
    this.#log = deps.logger.child({ component: 'mo-intake' });
    this.#timeoutMs = deps.reassemblyTimeoutMs;
  }

  /** Takes one MO deliver_sm of a carrier; rejects when the message it completed could not be stored. */
  accept(carrierId: string, mo: InboundMessage): Promise<void> {
    const { reassembler } = this.#of(carrierId);
    reassembler.sweep(); // timed-out groups go to the background, not into this part's answer
    const completed: Promise<void>[] = [];
    this.#capture = completed;
    try {
      reassembler.push(mo);
    } finally {
      this.#capture = null;
    }
    return Promise.all(completed).then(() => undefined);
  }

  /** Stores what every reassembler still holds, incomplete, and waits for all writes (shutdown). */
  async stop(): Promise<void> {
    this.#closing = true;
    for (const wake of [...this.#wakers]) wake();
    for (const c of this.#carriers.values()) {
      c.stopSweeping();
      c.reassembler.flush();
    }
    this.#carriers.clear();
    await this.#store.flush();
    await Promise.allSettled([...this.#background]);
  }

  #of(carrierId: string): CarrierMo {
    let c = this.#carriers.get(carrierId);
    if (c === undefined) {
      const reassembler = new MoReassembler({
        timeoutMs: this.#timeoutMs,
        onMessage: (mo) => this.#onMessage(carrierId, mo),
      });
      const sweepEveryMs = Math.max(20, Math.min(1000, Math.floor(this.#timeoutMs / 4)));
      c = { reassembler, stopSweeping: reassembler.startSweeping(sweepEveryMs) };
      this.#carriers.set(carrierId, c);
    }
    return c;
  }

  #onMessage(carrierId: string, mo: ReassembledMo): void {
    const row = inboundRow(carrierId, mo);
    const stored = this.#store.add(row);
    if (this.#capture !== null) {
      this.#capture.push(stored);
      // A single MO comes again after the error answer; a redelivered last part would be dropped as a
      // duplicate by the reassembler, so a concatenated message is kept here and stored again.
      if (mo.parts > 1) stored.catch(() => this.#keepTrying(row));
      return;
    }
    stored.catch(() => this.#keepTrying(row));
  }

  /** Stores a message nobody will send again, with backoff; stop() makes one last attempt at once. */
  #keepTrying(row: InboundMessageInput): void {
    const work = (async () => {
      let delayMs = RETRY_FIRST_MS;
      for (let attempt = 1; ; attempt++) {
        await this.#pause(delayMs);
        try {
          await this.#store.add(row);
          return;
        } catch (err) {
          if (attempt < RETRY_ATTEMPTS && !this.#closing) {
            delayMs = Math.min(delayMs * 2, RETRY_MAX_MS);
            continue;
          }
          this.#log.error({ err, from: row.source, parts: row.parts }, 'MO could not be stored: dropped');
          return;
        }
      }
    })();
    this.#background.add(work);
    void work.finally(() => this.#background.delete(work));
  }

  #pause(ms: number): Promise<void> {
    if (this.#closing) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#wakers.add(wake);
    });
  }
}

function inboundRow(carrierId: string, mo: ReassembledMo): InboundMessageInput {
  const international = mo.firstPart.sourceTon === TON_INTERNATIONAL && !mo.source.startsWith('+');
  return {
    carrierId,
    source: international ? `+${mo.source}` : mo.source,
    destination: mo.destination,
    text: mo.text,
    dataCoding: mo.dataCoding,
    parts: mo.parts,
    complete: mo.complete,
    missing: mo.missing,
    receivedAt: new Date(),
  };
}
