import { AppError } from '@pregon/domain';
import { type CarrierRow, resolveOutbindCarrier, type ServiceContext } from '@pregon/services';
import { type IdNotation, ReceiverBind } from '@pregon/smpp';
import type { Logger } from 'pino';
import type { MoIntake } from '../inbound/mo-intake.ts';
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
  readonly #bound = new Set<ReceiverBind>();
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
      logger: log,
    });
    const receipts = this.#receiptsOf(carrier.id);
    rx.on('receipt', (r) => receipts.add(receiptItemOf(r)));
    rx.on('mo', (message) => this.#deps.mo.accept(carrier.id, message));
    rx.on('state', (state) => {
      if (state === 'bound') this.#bound.add(rx);
      else this.#bound.delete(rx);
      log.info({ state }, 'outbind receiver state');
    });
    conn.takeOver(rx);
    await rx.bind();
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
