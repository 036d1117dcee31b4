import {
  listOwedSmppReceipts,
  markSmppReceiptsSent,
  type OwedSmppReceipt,
  type ServiceContext,
  type SmppClientPrincipal,
} from '@pregon/services';
import type { Logger } from 'pino';
import type { BoundClients } from './bound-clients.ts';
import { clientReceiptFields } from './client-receipt.ts';

export interface ReceiptPumpOptions {
  readonly ctx: ServiceContext;
  readonly clients: BoundClients;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** deliver_sm outstanding at once per client. */
  readonly window: number;
  /** Pause before a receipt the client refused or left unanswered is offered again. */
  readonly retryMs: number;
}

/**
 * Sends receipts to bound SMPP clients: every `intervalMs`, each client with a receiving bind gets its
 * messages that reached a final status as deliver_sm, and a receipt is marked sent only after the
 * client's deliver_sm_resp OK, so a receipt is repeated rather than lost.
 */
export class ReceiptPump {
  readonly #options: ReceiptPumpOptions;
  readonly #retryAt = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;

  constructor(options: ReceiptPumpOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => {
      if (this.#running !== null) return;
      this.#running = this.#tick().finally(() => {
        this.#running = null;
      });
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #tick(): Promise<void> {
    const now = Date.now();
    for (const [id, at] of this.#retryAt) if (at <= now) this.#retryAt.delete(id);
    for (const client of this.#options.clients.receiving()) {
      try {
        await this.#serve(client);
      } catch (err) {
        this.#options.logger.error({ err, clientId: client.clientId }, 'smpp client receipts failed');
      }
    }
  }

  async #serve(client: SmppClientPrincipal): Promise<void> {
    const { ctx, window } = this.#options;
    const now = Date.now();
    const owed = (
      await listOwedSmppReceipts({ ctx, input: { tenantId: client.tenantId, clientId: client.clientId } })
    ).filter((r) => (this.#retryAt.get(r.id) ?? 0) <= now);
    const acknowledged: string[] = [];
    for (let i = 0; i < owed.length; i += window) {
      const batch = owed.slice(i, i + window);
      const results = await Promise.all(batch.map((r) => this.#deliver(client, r)));
      batch.forEach((r, j) => {
        if (results[j]) acknowledged.push(r.id);
      });
    }
    await markSmppReceiptsSent({ ctx, input: { tenantId: client.tenantId, messageIds: acknowledged } });
    for (const id of acknowledged) this.#retryAt.delete(id);
  }

  async #deliver(client: SmppClientPrincipal, receipt: OwedSmppReceipt): Promise<boolean> {
    const conn = this.#options.clients.receiver(client.clientId);
    if (conn === null) return false;
    const settlement = await conn.deliver(clientReceiptFields(receipt));
    if (settlement.kind === 'response' && settlement.pdu.header.status === 0) return true;
    this.#retryAt.set(receipt.id, Date.now() + this.#options.retryMs);
    this.#options.logger.warn(
      {
        messageId: receipt.id,
        outcome: settlement.kind === 'response' ? settlement.pdu.header.status : settlement.kind,
      },
      'smpp client did not accept a receipt; will retry',
    );
    return false;
  }
}
