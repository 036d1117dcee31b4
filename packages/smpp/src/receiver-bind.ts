import { bindRequest } from './bind-request.ts';
import { ESME_RINVBNDSTS, ESME_RINVCMDID, ESME_RINVCMDLEN } from './command-status.ts';
import { DeliverWindow } from './deliver-window.ts';
import { resolveEsmeOptions, type SessionLogger } from './esme-options.ts';
import { answerDeliverSm, type DeliverHandling } from './inbound-dispatch.ts';
import type { IdNotation } from './message-id.ts';
import {
  CMD_DELIVER_SM,
  CMD_ENQUIRE_LINK,
  CMD_UNBIND,
  type DecodedPdu,
  encodePdu,
  type PduHeader,
} from './pdu-codec.ts';
import type { PduLink } from './pdu-link.ts';
import { PendingRequests } from './pending-requests.ts';
import { SequenceNumbers } from './sequence-numbers.ts';
import { type EsmeSessionEvents, SessionEventHub, type SessionState } from './session-events.ts';

export interface ReceiverBindOptions {
  /** Our credentials at the peer: they go in the bind_receiver. */
  readonly systemId: string;
  readonly password: string;
  readonly systemType?: string;
  /** How the peer writes message ids in receipts; default 'auto'. */
  readonly idNotation?: IdNotation;
  /** bind_receiver_resp, enquire_link_resp and unbind_resp; default 10000. */
  readonly responseTimeoutMs?: number;
  /** Silence before we probe with enquire_link; default 30000. */
  readonly enquireLinkMs?: number;
  /** deliver_sm held unanswered at most, beyond it ESME_RTHROTTLED (see EsmeSessionOptions); default 1000. */
  readonly deliverWindow?: number;
  readonly logger?: SessionLogger;
}

/** What a receiver bind has taken so far, for metrics. */
export interface ReceiverBindStats {
  readonly receipts: number;
  readonly deliversUnanswered: number;
  readonly deliverThrottled: number;
  readonly boundSince: Date | null;
}

type ReceiverEvent = 'state' | 'receipt' | 'mo';

/**
 * A receiver bind over a connection the peer opened (SMPP 3.4 §2.2.1 outbind): bind_receiver on it,
 * then deliver_sm (receipts and MO, with the same events and answers as EsmeSession), enquire_link
 * and unbind. The link's owner forwards what the link reads to handlePdu/handleMalformed/handleClose.
 * @example const rx = new ReceiverBind(link, { systemId, password }); rx.on('mo', save); await rx.bind();
 */
export class ReceiverBind {
  readonly #link: PduLink;
  readonly #options: ReturnType<typeof resolveEsmeOptions>;
  readonly #events = new SessionEventHub();
  readonly #seq = new SequenceNumbers();
  readonly #pending = new PendingRequests();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #deliver: DeliverHandling;
  #receipts = 0;
  #boundSince: Date | null = null;
  #state: SessionState = 'unbound';
  #idle: NodeJS.Timeout | null = null;

  constructor(link: PduLink, options: ReceiverBindOptions) {
    this.#link = link;
    this.#options = resolveEsmeOptions({ host: '', port: 0, ...options, bindMode: 'rx' });
    const { deliverWindow, logger, systemId } = this.#options;
    this.#deliver = {
      window: new DeliverWindow(deliverWindow, logger, { systemId, outbind: true }),
      events: this.#events,
      options: this.#options,
      onReceipt: () => {
        this.#receipts += 1;
      },
    };
  }

  stats(): ReceiverBindStats {
    return {
      receipts: this.#receipts,
      deliversUnanswered: this.#deliver.window.held,
      deliverThrottled: this.#deliver.window.throttled,
      boundSince: this.#boundSince,
    };
  }

  get state(): SessionState {
    return this.#state;
  }

  on<K extends ReceiverEvent>(event: K, handler: EsmeSessionEvents[K]): () => void {
    return this.#events.on(event, handler);
  }

  /** Sends bind_receiver; true once the peer answered it with ESME_ROK, else the link is closed. */
  async bind(): Promise<boolean> {
    if (this.#state !== 'unbound') return false;
    this.#setState('binding');
    const sequence = this.#seq.next();
    const answer = this.#pending.track(sequence, this.#options.responseTimeoutMs);
    if (!this.#link.send(bindRequest(this.#options, sequence))) this.#pending.forget(sequence);
    const r = await answer;
    const ok = r.kind === 'response' && r.pdu.command === 'bind_receiver_resp' && r.pdu.header.status === 0;
    if (!ok || !this.#link.open) {
      this.#options.logger.warn(
        { systemId: this.#options.systemId, answer: r.kind === 'response' ? r.pdu.header.status : r.kind },
        'smpp receiver bind over outbind refused',
      );
      this.#link.close();
      this.#setState('unbound');
      return false;
    }
    this.#setState('bound');
    this.#touch();
    return true;
  }

  handlePdu(pdu: DecodedPdu): void {
    this.#touch();
    const { sequence, commandId } = pdu.header;
    if (pdu.isResponse) {
      this.#pending.answer(pdu);
    } else if (commandId === CMD_ENQUIRE_LINK) {
      this.#link.send(encodePdu('enquire_link_resp', sequence));
    } else if (commandId === CMD_UNBIND) {
      this.#link.send(encodePdu('unbind_resp', sequence));
      this.#setState('unbound');
      this.#link.close();
    } else if (commandId === CMD_DELIVER_SM && pdu.message !== undefined) {
      if (this.#state !== 'bound') {
        this.#link.send(encodePdu('deliver_sm_resp', sequence, {}, ESME_RINVBNDSTS));
        return;
      }
      const work = answerDeliverSm(this.#link, sequence, pdu.message, this.#deliver);
      this.#inFlight.add(work);
      void work.finally(() => this.#inFlight.delete(work));
    } else {
      // DESIGN: SMPP facts 5 — anything else gets generic_nack with its sequence.
      this.#link.send(encodePdu('generic_nack', sequence, {}, ESME_RINVCMDID));
    }
  }

  handleMalformed(header: PduHeader): void {
    this.#touch();
    if ((header.commandId & 0x80000000) !== 0) {
      this.#pending.answer({ header, command: 'malformed', isResponse: true });
    } else {
      this.#link.send(encodePdu('generic_nack', header.sequence, {}, ESME_RINVCMDLEN));
    }
  }

  handleClose(): void {
    if (this.#idle !== null) clearTimeout(this.#idle);
    this.#idle = null;
    this.#pending.settleAll('closed');
    this.#setState('stopped');
  }

  /** Answers the deliver_sm being stored, unbinds (waiting up to `timeoutMs` for unbind_resp) and closes. */
  async unbind(timeoutMs: number): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    if (this.#link.open && this.#state === 'bound') {
      this.#setState('unbound');
      const sequence = this.#seq.next();
      const answer = this.#pending.track(sequence, timeoutMs);
      if (this.#link.send(encodePdu('unbind', sequence))) await answer;
      else this.#pending.forget(sequence);
    }
    this.#link.close(timeoutMs);
  }

  #setState(state: SessionState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#boundSince = state === 'bound' ? new Date() : null;
    this.#events.emitState(state);
  }

  // DESIGN: SMPP facts 4 — a silent peer is probed; one that does not answer is dropped.
  #touch(): void {
    if (this.#idle !== null) clearTimeout(this.#idle);
    if (this.#state === 'stopped') return;
    this.#idle = setTimeout(() => void this.#probe(), this.#options.enquireLinkMs);
    this.#idle.unref();
  }

  async #probe(): Promise<void> {
    if (!this.#link.open) return;
    const sequence = this.#seq.next();
    const answer = this.#pending.track(sequence, this.#options.responseTimeoutMs);
    if (!this.#link.send(encodePdu('enquire_link', sequence))) this.#pending.forget(sequence);
    if ((await answer).kind !== 'response') this.#link.destroy();
  }
}
