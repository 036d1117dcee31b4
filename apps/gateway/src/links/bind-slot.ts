import type { CarrierRow, LinkStateReport } from '@pregon/services';
import { EsmeSession, type EsmeSessionStats, type IdNotation } from '@pregon/smpp';
import type { Logger } from 'pino';
import type { MoIntake } from '../inbound/mo-intake.ts';
import { type ReceiptBuffer, receiptItemOf } from './receipt-buffer.ts';

/** One session's numbers, labelled for /metrics. */
export interface LinkSessionStats {
  carrier: string;
  ordinal: number;
  mode: string;
  stats: EsmeSessionStats;
}

/**
 * One leased bind slot of a carrier (a carrier_links row): a transceiver session, or a transmitter and
 * a receiver for bind mode tx+rx. Started only while this process holds the slot's lease.
 */
export class BindSlot {
  readonly ordinal: number;
  readonly sessions: EsmeSession[];
  readonly #carrier: CarrierRow;
  #lastError: string | null = null;
  #stopping: Promise<void> | null = null;
  /** performance.now() after which the lease may have run out in PostgreSQL. */
  #leaseDeadline: number;

  constructor(deps: {
    carrier: CarrierRow;
    ordinal: number;
    receipts: ReceiptBuffer;
    mo: MoIntake;
    logger: Logger;
    leaseDeadline: number;
    /** deliver_sm a session holds unanswered; default DEFAULT_DELIVER_WINDOW. */
    deliverWindow?: number;
  }) {
    const { carrier, ordinal, receipts, mo } = deps;
    this.ordinal = ordinal;
    this.#carrier = carrier;
    this.#leaseDeadline = deps.leaseDeadline;
    const modes = carrier.bindMode === 'tx+rx' ? (['tx', 'rx'] as const) : (['trx'] as const);
    this.sessions = modes.map((bindMode) => {
      const log = deps.logger.child({ bind: ordinal, mode: bindMode });
      const session = new EsmeSession({
        host: carrier.host,
        port: carrier.port,
        systemId: carrier.systemId,
        password: carrier.password,
        systemType: carrier.systemType,
        ...(carrier.tls ? { tls: true } : {}),
        bindMode,
        window: carrier.window,
        ...(deps.deliverWindow === undefined ? {} : { deliverWindow: deps.deliverWindow }),
        tps: carrier.tps,
        idNotation: carrier.idNotation as IdNotation,
        logger: log,
      });
      session.on('state', (state) => {
        log.info({ state }, 'link state');
        if (state === 'bound') this.#lastError = null;
      });
      session.on('error', (error) => {
        this.#lastError = error.message;
      });
      session.on('receipt', (r) => receipts.add(receiptItemOf(r)));
      // The deliver_sm_resp waits for this: a stored MO, or a part held until the rest arrives.
      session.on('mo', (message) => mo.accept(carrier.id, message));
      return session;
    });
  }

  start(): void {
    for (const s of this.sessions) s.start();
  }

  get stopping(): boolean {
    return this.#stopping !== null;
  }

  /** Sessions that may take a submit now. */
  submitters(): EsmeSession[] {
    return this.#stopping === null ? this.sessions.filter((s) => s.options.bindMode !== 'rx') : [];
  }

  /** The lease was renewed: it now runs at least until `deadline` (performance.now() clock). */
  renewed(deadline: number): void {
    this.#leaseDeadline = deadline;
  }

  /** True once the lease may be about to run out without a renewal: time to let go of the binds. */
  expiring(now: number, marginMs: number): boolean {
    return now >= this.#leaseDeadline - marginMs;
  }

  /** Drains and unbinds every session of the slot (idempotent). */
  stop(): Promise<void> {
    this.#stopping ??= Promise.all(this.sessions.map((s) => s.stop())).then(() => undefined);
    return this.#stopping;
  }

  /** One state for the slot: bound only when all its sessions are. */
  state(): string {
    return this.sessions.find((s) => s.state !== 'bound')?.state ?? 'bound';
  }

  report(holder: string, leaseMs: number): LinkStateReport {
    const stats = this.sessions.map((s) => s.stats());
    const enquired = stats.flatMap((s) => (s.lastEnquireLinkAt ? [s.lastEnquireLinkAt.getTime()] : []));
    return {
      carrierId: this.#carrier.id,
      ordinal: this.ordinal,
      state: this.state(),
      holder,
      outstanding: stats.reduce((n, s) => n + s.outstanding, 0),
      submitted: stats.reduce((n, s) => n + s.submitted, 0),
      lastError: this.#lastError,
      lastEnquireLinkAt: enquired.length > 0 ? new Date(Math.max(...enquired)) : null,
      leaseMs,
    };
  }

  stats(): LinkSessionStats[] {
    return this.sessions.map((s) => ({
      carrier: this.#carrier.name,
      ordinal: this.ordinal,
      mode: s.options.bindMode,
      stats: s.stats(),
    }));
  }
}
