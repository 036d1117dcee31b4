import type { Socket } from 'node:net';
import type { SmppClientPrincipal } from '@pregon/services';
import {
  type CommandName,
  type DecodedPdu,
  ESME_RINVBNDSTS,
  ESME_RINVCMDID,
  encodeMessagePdu,
  encodePdu,
  type MessageFields,
  type PduHeader,
  PduLink,
  PendingRequests,
  type RequestSettlement,
  SequenceNumbers,
} from '@pregon/smpp';
import { ESME_RALYBND, ESME_RINVCMDLEN, ESME_RSYSERR } from './listener-statuses.ts';

export type ClientBindMode = 'tx' | 'rx' | 'trx';

const BIND_MODES: Readonly<Record<string, ClientBindMode>> = {
  bind_transmitter: 'tx',
  bind_receiver: 'rx',
  bind_transceiver: 'trx',
};

const BIND_RESPONSES: Readonly<Record<ClientBindMode, CommandName>> = {
  tx: 'bind_transmitter_resp',
  rx: 'bind_receiver_resp',
  trx: 'bind_transceiver_resp',
};

/** What the listener decides for the connection; a connection only speaks the protocol. */
export interface EsmeConnectionHandlers {
  /** Authenticates and registers a bind: the status to answer, and the client when it is 0. */
  readonly bind: (
    conn: EsmeConnection,
    request: { systemId: string; password: string; mode: ClientBindMode },
  ) => Promise<{ status: number; client: SmppClientPrincipal | null }>;
  readonly submit: (
    conn: EsmeConnection,
    client: SmppClientPrincipal,
    pdu: DecodedPdu,
  ) => Promise<{ status: number; messageId: string }>;
  /** A carrier's outbind (SMPP 3.4 §4.1.7): take the connection over with takeOver(), or close it. */
  readonly outbind: (conn: EsmeConnection, request: { systemId: string; password: string }) => Promise<void>;
  readonly closed: (conn: EsmeConnection) => void;
}

/** What speaks for a connection after an outbind: it reads every PDU from then on. */
export interface ConnectionTakeover {
  handlePdu(pdu: DecodedPdu): void;
  handleMalformed(header: PduHeader): void;
  handleClose(): void;
  unbind(timeoutMs: number): Promise<void>;
}

export interface EsmeConnectionOptions {
  /** Our system_id in bind responses. */
  readonly systemId: string;
  /** Silence after which we send enquire_link; no answer within responseTimeoutMs drops the link. */
  readonly enquireLinkMs: number;
  readonly responseTimeoutMs: number;
}

/** One agency system connected to our listener: its bind state, its requests to us and ours to it. */
export class EsmeConnection {
  readonly link: PduLink;
  readonly remoteAddress: string;
  client: SmppClientPrincipal | null = null;
  mode: ClientBindMode | null = null;
  readonly #handlers: EsmeConnectionHandlers;
  readonly #options: EsmeConnectionOptions;
  readonly #seq = new SequenceNumbers();
  readonly #pending = new PendingRequests();
  readonly #inFlight = new Set<Promise<void>>();
  #binding = false;
  #takeover: ConnectionTakeover | null = null;
  #idle: NodeJS.Timeout | null = null;

  constructor(socket: Socket, handlers: EsmeConnectionHandlers, options: EsmeConnectionOptions) {
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.#handlers = handlers;
    this.#options = options;
    this.link = new PduLink(socket, {
      onPdu: (pdu) => this.#onPdu(pdu),
      onMalformed: (header) => {
        if (this.#takeover !== null) {
          this.#takeover.handleMalformed(header);
          return;
        }
        this.#touch();
        this.link.send(encodePdu('generic_nack', header.sequence, {}, ESME_RINVCMDLEN));
      },
      onClose: () => {
        if (this.#idle !== null) clearTimeout(this.#idle);
        this.#pending.settleAll('closed');
        this.#takeover?.handleClose();
        handlers.closed(this);
      },
      onError: () => {},
    });
    this.#touch();
  }

  get canReceive(): boolean {
    return this.link.open && (this.mode === 'rx' || this.mode === 'trx');
  }

  /** Sends a deliver_sm; resolves with its deliver_sm_resp, a timeout, or the link closing. */
  deliver(fields: MessageFields): Promise<RequestSettlement> {
    const sequence = this.#seq.next();
    const answer = this.#pending.track(sequence, this.#options.responseTimeoutMs);
    if (!this.link.send(encodeMessagePdu('deliver_sm', sequence, fields))) this.#pending.forget(sequence);
    return answer;
  }

  /** From now on `takeover` reads this connection (after an accepted outbind); our probing stops. */
  takeOver(takeover: ConnectionTakeover): void {
    if (this.#idle !== null) clearTimeout(this.#idle);
    this.#idle = null;
    this.#takeover = takeover;
  }

  /** Answers the submits being processed, unbinds (waiting briefly for unbind_resp) and closes. */
  async unbind(timeoutMs: number): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    if (this.#takeover !== null) return this.#takeover.unbind(timeoutMs);
    if (this.link.open && this.client !== null) {
      const sequence = this.#seq.next();
      const answer = this.#pending.track(sequence, timeoutMs);
      if (this.link.send(encodePdu('unbind', sequence))) await answer;
      else this.#pending.forget(sequence);
    }
    this.link.close(timeoutMs);
  }

  #onPdu(pdu: DecodedPdu): void {
    if (this.#takeover !== null) {
      this.#takeover.handlePdu(pdu);
      return;
    }
    this.#touch();
    if (pdu.isResponse) {
      this.#pending.answer(pdu);
      return;
    }
    const sequence = pdu.header.sequence;
    const mode = BIND_MODES[pdu.command];
    if (mode !== undefined) {
      this.#track(this.#bind(pdu, mode));
      return;
    }
    switch (pdu.command) {
      case 'enquire_link':
        this.link.send(encodePdu('enquire_link_resp', sequence));
        return;
      case 'unbind':
        this.link.send(encodePdu('unbind_resp', sequence));
        this.mode = null;
        this.link.close();
        return;
      case 'submit_sm':
        this.#track(this.#submit(pdu));
        return;
      case 'outbind':
        this.#track(this.#outbind(pdu));
        return;
      default:
        // SMPP 3.4 §4.3: an unknown or unsupported command gets generic_nack with its sequence.
        this.link.send(encodePdu('generic_nack', sequence, {}, ESME_RINVCMDID));
    }
  }

  async #bind(pdu: DecodedPdu, mode: ClientBindMode): Promise<void> {
    const command = BIND_RESPONSES[mode];
    if (this.#binding || this.client !== null) {
      this.link.send(encodePdu(command, pdu.header.sequence, {}, ESME_RALYBND));
      return;
    }
    this.#binding = true;
    let decision: { status: number; client: SmppClientPrincipal | null };
    try {
      decision = await this.#handlers.bind(this, {
        systemId: pdu.systemId ?? '',
        password: pdu.password ?? '',
        mode,
      });
    } catch {
      decision = { status: ESME_RSYSERR, client: null };
    }
    this.#binding = false;
    if (decision.status !== 0 || decision.client === null) {
      this.link.send(encodePdu(command, pdu.header.sequence, {}, decision.status || ESME_RSYSERR));
      this.link.close();
      return;
    }
    this.client = decision.client;
    this.mode = mode;
    this.link.send(encodePdu(command, pdu.header.sequence, { system_id: this.#options.systemId }));
  }

  // SMPP 3.4 §4.1.7: outbind has no response; only an unbound connection may carry one.
  async #outbind(pdu: DecodedPdu): Promise<void> {
    if (this.#binding || this.client !== null) {
      this.link.send(encodePdu('generic_nack', pdu.header.sequence, {}, ESME_RINVBNDSTS));
      return;
    }
    this.#binding = true;
    try {
      await this.#handlers.outbind(this, { systemId: pdu.systemId ?? '', password: pdu.password ?? '' });
    } catch {
      this.link.close();
    }
  }

  async #submit(pdu: DecodedPdu): Promise<void> {
    const sequence = pdu.header.sequence;
    const client = this.client;
    if (client === null || this.mode === 'rx') {
      this.link.send(encodePdu('submit_sm_resp', sequence, {}, ESME_RINVBNDSTS));
      return;
    }
    let answer: { status: number; messageId: string };
    try {
      answer = await this.#handlers.submit(this, client, pdu);
    } catch {
      answer = { status: ESME_RSYSERR, messageId: '' };
    }
    const fields = answer.status === 0 ? { message_id: answer.messageId } : {};
    this.link.send(encodePdu('submit_sm_resp', sequence, fields, answer.status));
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  // DESIGN: SMPP facts 4: a silent peer is probed; a peer that does not answer is dropped.
  #touch(): void {
    if (this.#idle !== null) clearTimeout(this.#idle);
    if (this.#takeover !== null) return;
    this.#idle = setTimeout(() => void this.#probe(), this.#options.enquireLinkMs);
    this.#idle.unref();
  }

  async #probe(): Promise<void> {
    if (!this.link.open) return;
    const sequence = this.#seq.next();
    const answer = this.#pending.track(sequence, this.#options.responseTimeoutMs);
    if (!this.link.send(encodePdu('enquire_link', sequence))) this.#pending.forget(sequence);
    if ((await answer).kind !== 'response' && this.#takeover === null) this.link.destroy();
  }
}
