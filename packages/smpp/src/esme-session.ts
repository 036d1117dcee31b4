import { connect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { bindRequest } from './bind-request.ts';
import { ESME_RINVCMDID, ESME_RINVCMDLEN } from './command-status.ts';
import { DeliverWindow } from './deliver-window.ts';
import { type EsmeSessionOptions, type ResolvedEsmeOptions, resolveEsmeOptions } from './esme-options.ts';
import {
  answerDeliverSm,
  BindError,
  type DeliverHandling,
  type EsmeSessionStats,
} from './inbound-dispatch.ts';
import {
  CMD_DELIVER_SM,
  CMD_ENQUIRE_LINK,
  CMD_UNBIND,
  type DecodedPdu,
  encodeMessagePdu,
  encodePdu,
  type PduHeader,
} from './pdu-codec.ts';
import { PduLink } from './pdu-link.ts';
import { PendingRequests } from './pending-requests.ts';
import { ReconnectBackoff } from './reconnect-backoff.ts';
import { SequenceNumbers } from './sequence-numbers.ts';
import { type EsmeSessionEvents, SessionEventHub, type SessionState } from './session-events.ts';
import { SubmitCounters } from './submit-counters.ts';
import { type SubmitOutcome, type SubmitRequest, submitOutcome } from './submit-outcome.ts';
import { SubmitWindow } from './submit-window.ts';
import { ThrottlePause } from './throttle-pause.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * One SMPP bind to a carrier's SMSC, kept up until stop(): bind, window, TPS, enquire_link, receipts/MO.
 * @example const s = new EsmeSession({ host, port, systemId, password }); s.start(); await s.submit(req);
 */
export class EsmeSession {
  readonly options: ResolvedEsmeOptions;
  readonly #events = new SessionEventHub();
  readonly #seq = new SequenceNumbers();
  readonly #pending = new PendingRequests();
  readonly #window: SubmitWindow;
  /** Per session, not per link: deliver_sm still being stored after a reconnect still hold memory. */
  readonly #delivers: DeliverWindow;
  readonly #deliver: DeliverHandling;
  readonly #bucket: TokenBucket;
  readonly #throttle: ThrottlePause;
  readonly #backoff: ReconnectBackoff;
  readonly #stopAbort = new AbortController();
  #state: SessionState = 'unbound';
  #link: PduLink | null = null;
  #linkAbort: AbortController | null = null;
  #boundWaiters = new Set<() => void>();
  #reconnectTimer: NodeJS.Timeout | null = null;
  #enquireTimer: NodeJS.Timeout | null = null;
  #enquireInFlight = false;
  #lastReceivedAt = 0;
  #started = false;
  #stopping: Promise<void> | null = null;
  #inFlight = 0;
  readonly #counts = new SubmitCounters();
  #lastEnquireLinkAt: Date | null = null;
  #boundSince: Date | null = null;

  constructor(options: EsmeSessionOptions) {
    this.options = resolveEsmeOptions(options);
    this.#window = new SubmitWindow(this.options.window);
    this.#delivers = new DeliverWindow(this.options.deliverWindow, this.options.logger, {
      systemId: this.options.systemId,
    });
    this.#deliver = {
      window: this.#delivers,
      events: this.#events,
      options: this.options,
      onReceipt: () => {
        this.#counts.receipts += 1;
      },
    };
    this.#bucket = new TokenBucket(this.options.tps);
    this.#throttle = new ThrottlePause(this.options.throttleBackoffMs, this.options.throttleMaxMs);
    this.#backoff = new ReconnectBackoff(this.options.reconnect.minMs, this.options.reconnect.maxMs);
  }

  get state(): SessionState {
    return this.#state;
  }

  on<K extends keyof EsmeSessionEvents>(event: K, handler: EsmeSessionEvents[K]): () => void {
    return this.#events.on(event, handler);
  }

  /** Connects and binds; after any drop reconnects with backoff until stop(). */
  start(): void {
    if (this.#started || this.#stopping !== null) return;
    this.#started = true;
    this.#connect();
  }

  /**
   * Waits for the bind, a window slot, the throttle pause and a TPS token, then writes one submit_sm.
   * Throws RangeError/TypeError on an invalid request (caller bug), never for the network.
   * A higher `priority` (the message's lane) gets the next window slot before lower ones waiting.
   * `waitMs` bounds that wait like an AbortSignal.timeout `signal` would, without building one when
   * nothing has to be waited for. `onWritten` is called once the PDU is handed to the socket.
   */
  async submit(
    req: SubmitRequest,
    opts: { signal?: AbortSignal; waitMs?: number; priority?: number; onWritten?: () => void } = {},
  ): Promise<SubmitOutcome> {
    if (this.options.bindMode === 'rx') throw new TypeError('cannot submit on a receiver (rx) bind');
    const pdu = encodeMessagePdu('submit_sm', 0, req);
    const userSignal = opts.signal;
    const notSent = (): SubmitOutcome => ({
      kind: 'not_sent',
      reason:
        userSignal?.aborted || (deadline !== undefined && performance.now() >= deadline)
          ? 'aborted'
          : this.#stopping !== null
            ? 'stopped'
            : 'connection_lost',
    });
    const deadline = opts.waitMs === undefined ? undefined : performance.now() + opts.waitMs;
    // Composite signals cost more than writing the PDU: built only when something must be waited for.
    const signalWith = (linkSignal?: AbortSignal): AbortSignal => {
      const all = [this.#stopAbort.signal];
      if (userSignal !== undefined) all.push(userSignal);
      if (deadline !== undefined)
        all.push(AbortSignal.timeout(Math.max(0, Math.ceil(deadline - performance.now()))));
      if (linkSignal !== undefined) all.push(linkSignal);
      return AbortSignal.any(all);
    };
    if (this.#stopAbort.signal.aborted || userSignal?.aborted) return notSent();
    if (this.#state !== 'bound' && !(await this.#waitBound(signalWith()))) return notSent();
    const link = this.#link;
    const linkAbort = this.#linkAbort;
    if (link === null || linkAbort === null) return notSent();
    // From here a drop means "not sent": the PDU has not been written yet.
    let signal: AbortSignal | undefined;
    const waitSignal = () => {
      signal ??= signalWith(linkAbort.signal);
      return signal;
    };
    if (!this.#window.tryAcquire() && !(await this.#window.acquire(waitSignal(), opts.priority)))
      return notSent();
    try {
      if (this.#throttle.pausedUntil > Date.now() && !(await this.#throttle.wait(waitSignal())))
        return notSent();
      if (!this.#bucket.tryTake() && !(await this.#bucket.take(waitSignal()))) return notSent();
      if (link !== this.#link || this.#state !== 'bound' || signal?.aborted) return notSent();
      const sequence = this.#seq.next();
      pdu.writeUInt32BE(sequence, 12);
      const answer = this.#pending.track(sequence, this.options.responseTimeoutMs);
      if (!link.send(pdu)) {
        this.#pending.forget(sequence);
        return notSent();
      }
      this.#counts.submitted += 1;
      this.#inFlight += 1;
      opts.onWritten?.();
      const outcome = submitOutcome(await answer, this.options.idNotation);
      this.#inFlight -= 1;
      this.#counts.record(outcome);
      this.#onOutcome(outcome);
      return outcome;
    } finally {
      this.#window.release();
    }
  }

  /** Stops taking submits, drains answers (bounded), unbinds (bounded) and closes. */
  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  stats(): EsmeSessionStats {
    return {
      state: this.#state,
      outstanding: this.#inFlight,
      window: this.#window.size,
      ...this.#counts.snapshot(),
      deliversUnanswered: this.#delivers.held,
      deliverThrottled: this.#delivers.throttled,
      lastEnquireLinkAt: this.#lastEnquireLinkAt,
      boundSince: this.#boundSince,
    };
  }

  #onOutcome(o: SubmitOutcome): void {
    if (o.kind === 'accepted') this.#throttle.onAccepted();
    if (o.kind !== 'throttled') return;
    const ms = this.#throttle.onThrottle();
    this.options.logger.warn({ status: o.status, pauseMs: ms }, 'smpp throttled: pausing submits');
  }

  #setState(state: SessionState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.options.logger.debug({ state, systemId: this.options.systemId }, 'smpp session state');
    this.#events.emitState(state);
    if (state === 'bound') for (const wake of [...this.#boundWaiters]) wake();
  }

  #waitBound(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.#state === 'bound') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        this.#boundWaiters.delete(onBound);
        signal.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const onBound = () => done(true);
      const onAbort = () => done(false);
      this.#boundWaiters.add(onBound);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #connect(): void {
    this.#reconnectTimer = null;
    if (this.#stopping !== null) return;
    this.#setState('connecting');
    const { host, port } = this.options;
    const socket = this.#openSocket();
    socket.setNoDelay(true);
    const link: PduLink = new PduLink(socket, {
      onPdu: (pdu) => this.#onPdu(link, pdu),
      onMalformed: (header, reason) => this.#onMalformed(link, header, reason),
      onClose: () => this.#onClose(link),
      onError: (error) => {
        this.options.logger.warn({ err: error.message, host, port }, 'smpp socket error');
        this.#events.emitError(error);
      },
    });
    this.#link = link;
    // A certificate that fails verification errors and closes the socket: the usual reconnect backoff applies.
    socket.once(this.options.tls === null ? 'connect' : 'secureConnect', () => void this.#bind(link));
  }

  #openSocket(): Socket {
    const { host, port, tls } = this.options;
    if (tls === null) return connect({ host, port });
    const servername = tls.servername ?? (isIP(host) === 0 ? host : undefined);
    return tlsConnect({
      host,
      port,
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
      ...(servername === undefined ? {} : { servername }),
      ...(tls.ca === undefined ? {} : { ca: [tls.ca].flat() }),
      ...(tls.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls.key === undefined ? {} : { key: tls.key }),
    });
  }

  async #bind(link: PduLink): Promise<void> {
    this.#lastReceivedAt = Date.now();
    this.#setState('binding');
    const sequence = this.#seq.next();
    const answer = this.#pending.track(sequence, this.options.responseTimeoutMs);
    const o = this.options;
    link.send(bindRequest(o, sequence));
    const r = await answer;
    if (link !== this.#link) return;
    if (r.kind !== 'response' || r.pdu.header.status !== 0 || !r.pdu.command.startsWith('bind_')) {
      const error =
        r.kind === 'response' ? new BindError(r.pdu.header.status || 0x0d) : new Error(`bind ${r.kind}`);
      o.logger.error(
        { err: error.message, systemId: o.systemId, host: o.host, port: o.port },
        'smpp bind failed',
      );
      this.#events.emitError(error);
      link.destroy();
      return;
    }
    if (this.#stopping !== null) {
      link.destroy();
      return;
    }
    this.#backoff.reset();
    this.#boundSince = new Date();
    this.#linkAbort = new AbortController();
    o.logger.info({ systemId: o.systemId, host: o.host, port: o.port, mode: o.bindMode }, 'smpp bound');
    this.#setState('bound');
    this.#enquireTimer = setInterval(() => void this.#probe(link), Math.max(10, o.enquireLinkMs / 2));
  }

  /** DESIGN: SMPP facts 4 — probe an idle link; no answer within the response timeout drops it. */
  async #probe(link: PduLink): Promise<void> {
    if (this.#enquireInFlight || link !== this.#link) return;
    if (Date.now() - this.#lastReceivedAt < this.options.enquireLinkMs) return;
    this.#enquireInFlight = true;
    const sequence = this.#seq.next();
    const answer = this.#pending.track(sequence, this.options.responseTimeoutMs);
    link.send(encodePdu('enquire_link', sequence));
    const r = await answer;
    this.#enquireInFlight = false;
    if (r.kind === 'response') {
      this.#lastEnquireLinkAt = new Date();
    } else if (link === this.#link && this.#stopping === null) {
      this.options.logger.warn(
        { systemId: this.options.systemId },
        'smpp enquire_link unanswered: dropping link',
      );
      link.destroy();
    }
  }

  #onPdu(link: PduLink, pdu: DecodedPdu): void {
    this.#lastReceivedAt = Date.now();
    const { sequence, commandId } = pdu.header;
    if (pdu.isResponse) {
      if (!this.#pending.answer(pdu))
        this.options.logger.debug({ sequence, command: pdu.command }, 'smpp stray response');
      return;
    }
    if (commandId === CMD_ENQUIRE_LINK) {
      this.#lastEnquireLinkAt = new Date();
      link.send(encodePdu('enquire_link_resp', sequence));
    } else if (commandId === CMD_UNBIND) {
      this.options.logger.info({ systemId: this.options.systemId }, 'smpp peer unbind');
      link.send(encodePdu('unbind_resp', sequence));
      link.close();
    } else if (commandId === CMD_DELIVER_SM && pdu.message !== undefined) {
      void answerDeliverSm(link, sequence, pdu.message, this.#deliver);
    } else {
      // DESIGN: SMPP facts 5 — anything else we do not serve gets generic_nack with its sequence.
      link.send(encodePdu('generic_nack', sequence, {}, ESME_RINVCMDID));
    }
  }

  #onMalformed(link: PduLink, header: PduHeader, reason: string): void {
    this.options.logger.warn(
      { sequence: header.sequence, commandId: header.commandId, reason },
      'smpp malformed PDU',
    );
    const isResponse = (header.commandId & 0x80000000) !== 0;
    if (isResponse) this.#pending.answer({ header, command: 'malformed', isResponse });
    else link.send(encodePdu('generic_nack', header.sequence, {}, ESME_RINVCMDLEN));
  }

  #onClose(link: PduLink): void {
    if (link !== this.#link) return;
    this.#dropLink();
    if (this.#stopping !== null) return;
    this.#setState('unbound');
    const delay = this.#backoff.next();
    this.#counts.reconnects += 1;
    this.options.logger.info({ delayMs: delay, systemId: this.options.systemId }, 'smpp reconnecting');
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  /** Forgets the current link: written-but-unanswered submits become 'unknown', waiting ones 'not_sent'. */
  #dropLink(): void {
    this.#link = null;
    if (this.#enquireTimer !== null) clearInterval(this.#enquireTimer);
    this.#enquireTimer = null;
    this.#linkAbort?.abort();
    this.#linkAbort = null;
    this.#boundSince = null;
    this.#pending.settleAll('closed');
  }

  async #shutdown(): Promise<void> {
    this.#stopAbort.abort();
    if (this.#reconnectTimer !== null) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    const link = this.#link;
    const timeout = this.options.responseTimeoutMs;
    if (link !== null && this.#state === 'bound') {
      await this.#pending.whenEmpty(timeout);
      this.#pending.settleAll('timeout');
      const sequence = this.#seq.next();
      const answer = this.#pending.track(sequence, Math.min(timeout, 5000));
      if (link.send(encodePdu('unbind', sequence))) await answer;
      else this.#pending.forget(sequence);
    }
    if (link?.open) {
      const closed = new Promise<void>((resolve) => link.socket.once('close', () => resolve()));
      link.close(500);
      await closed;
    }
    this.#dropLink();
    this.#setState('stopped');
  }
}
