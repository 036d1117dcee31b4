import { AppError } from '@pregon/domain';
import { type CarrierRow, resolveOutbindCarrier, type ServiceContext } from '@pregon/services';
import { type IdNotation, ReceiverBind } from '@pregon/smpp';
import type { Logger } from 'pino';
import type { MoIntake } from '../inbound/mo-intake.ts';
import type { LinkSessionStats } from '../links/bind-slot.ts';
import { ReceiptBuffer, receiptItemOf } from '../links/receipt-buffer.ts';
import type { BindLockout } from './bind-lockout.ts';
import type { EsmeConnection } from './esme-connection.ts';

export interface OutbindReceiversDeps {
  readonly ctx: ServiceContext;
  readonly logger: Logger;
  /** Shared with ESME binds: a wrong outbind counts like a wrong bind. */
  readonly lockout: BindLockout;
  readonly mo: MoIntake;
  readonly responseTimeoutMs: number;
  readonly enquireLinkMs: number;
  readonly deliverWindow?: number;
}

/**
 * Carriers that connect to our listener and send `outbind` (DESIGN: SMPP facts 6): the carrier is the
 * one whose credentials match, we bind_receiver on the same connection with ours, and take its
 * deliver_sm — receipts into receipt.apply jobs, MO into the intake — each answered after it is stored.
 * Unknown or wrong credentials close the socket: outbind has no response PDU.
 */
export class OutbindReceivers {
  readonly #deps: OutbindReceiversDeps;
  readonly #log: Logger;
  readonly #receipts = new Map<string, ReceiptBuffer>();
  /** Bound receivers, with their carrier's name, in the order they bound. */
  readonly #bound = new Map<ReceiverBind, string>();
  #stopped = false;

  constructor(deps: OutbindReceiversDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: 'outbind' });
  }

  /** Receiver binds currently held over outbind connections. */
  get count(): number {
    return this.#bound.size;
  }

  async accept(conn: EsmeConnection, request: { systemId: string; password: string }): Promise<void> {
    const source = conn.remoteAddress;
    const { lockout } = this.#deps;
    if (this.#stopped || lockout.isLocked(source)) {
      this.#log.warn({ source, systemId: request.systemId }, 'outbind refused: source locked out');
      conn.link.close();
      return;
    }
    let carrier: CarrierRow;
    try {
      carrier = await resolveOutbindCarrier({ ctx: this.#deps.ctx, input: request });
    } catch (error) {
      if (error instanceof AppError && error.code === 'UNAUTHORIZED') {
        const locked = lockout.recordFailure(source);
        const reason = String(error.details?.reason ?? '');
        this.#log.warn({ source, systemId: request.systemId, reason, locked }, 'outbind refused');
      } else {
        this.#log.error({ err: error }, 'outbind could not be checked');
      }
      conn.link.close();
      return;
    }
    const log = this.#log.child({ carrier: carrier.name, source });
    const rx = new ReceiverBind(conn.link, {
      systemId: carrier.systemId,
      password: carrier.password,
      systemType: carrier.systemType,
      idNotation: carrier.idNotation as IdNotation,
      responseTimeoutMs: this.#deps.responseTimeoutMs,
      enquireLinkMs: this.#deps.enquireLinkMs,
      ...(this.#deps.deliverWindow === undefined ? {} : { deliverWindow: this.#deps.deliverWindow }),
      logger: log,
    });
    const receipts = this.#receiptsOf(carrier.id);
    rx.on('receipt', (r) => receipts.add(receiptItemOf(r)));
    rx.on('mo', (message) => this.#deps.mo.accept(carrier.id, message));
    rx.on('state', (state) => {
      if (state === 'bound') this.#bound.set(rx, carrier.name);
      else this.#bound.delete(rx);
      log.info({ state }, 'outbind receiver state');
    });
    conn.takeOver(rx);
    await rx.bind();
  }

  /**
   * Each held outbind receiver for /metrics, mode 'outbind'; the ordinal is its place among the
   * carrier's current ones, so the series stay few however often the carrier reconnects.
   */
  sessionStats(): LinkSessionStats[] {
    const seen = new Map<string, number>();
    return [...this.#bound].map(([rx, carrier]) => {
      const ordinal = seen.get(carrier) ?? 0;
      seen.set(carrier, ordinal + 1);
      const s = rx.stats();
      return {
        carrier,
        ordinal,
        mode: 'outbind',
        stats: {
          state: rx.state,
          outstanding: 0,
          window: 0,
          submitted: 0,
          accepted: 0,
          rejected: 0,
          throttled: 0,
          unknown: 0,
          reconnects: 0,
          lastEnquireLinkAt: null,
          ...s,
        },
      };
    });
  }

  /** Unbinding is the connections' (the listener unbinds them all); this stores what is buffered. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#receipts.values()].map((r) => r.flush()));
  }

  #receiptsOf(carrierId: string): ReceiptBuffer {
    let buffer = this.#receipts.get(carrierId);
    if (buffer === undefined) {
      buffer = new ReceiptBuffer(this.#deps.ctx, carrierId);
      this.#receipts.set(carrierId, buffer);
    }
    return buffer;
  }
}
