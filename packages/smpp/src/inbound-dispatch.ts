import { ESME_RTHROTTLED, ESME_RX_T_APPN, statusName } from './command-status.ts';
import type { DeliverWindow } from './deliver-window.ts';
import { parseDeliveryReceipt } from './delivery-receipt.ts';
import type { ResolvedEsmeOptions } from './esme-options.ts';
import { toInboundMessage } from './inbound-message.ts';
import type { MessageBody } from './message-pdu.ts';
import { encodePdu } from './pdu-codec.ts';
import type { PduLink } from './pdu-link.ts';
import type { SessionEventHub, SessionState } from './session-events.ts';

export interface EsmeSessionStats {
  readonly state: SessionState;
  /** submit_sm written and not yet answered. */
  readonly outstanding: number;
  readonly window: number;
  readonly submitted: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly throttled: number;
  readonly unknown: number;
  readonly receipts: number;
  /** deliver_sm taken and not answered yet (their receipt or MO is being stored). */
  readonly deliversUnanswered: number;
  /** deliver_sm answered ESME_RTHROTTLED because deliversUnanswered had reached the deliver window. */
  readonly deliverThrottled: number;
  readonly lastEnquireLinkAt: Date | null;
  readonly boundSince: Date | null;
  readonly reconnects: number;
}

/** A bind failure (bind_*_resp with a non-zero command_status); the session retries with backoff. */
export class BindError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`bind refused: ${statusName(status)}`);
    this.name = 'BindError';
    this.status = status;
  }
}

/**
 * Hands a deliver_sm to the receipt or MO handlers and returns the deliver_sm_resp status: 0 once they
 * all settled, ESME_RX_T_APPN (SMPP 3.4 §5.1.3, temporary) if one failed or none listens, so the SMSC retries.
 */
export async function dispatchDeliverSm(
  body: MessageBody,
  events: SessionEventHub,
  options: Pick<ResolvedEsmeOptions, 'idNotation' | 'logger'>,
  onReceipt: () => void,
): Promise<number> {
  try {
    const receipt = parseDeliveryReceipt(body, options.idNotation);
    const event = receipt === null ? 'mo' : 'receipt';
    if (events.count(event) === 0) {
      options.logger.warn({ event }, 'smpp deliver_sm with no handler: answering ESME_RX_T_APPN');
      return ESME_RX_T_APPN;
    }
    if (receipt === null) {
      await events.deliverMo(toInboundMessage(body));
    } else {
      onReceipt();
      await events.deliverReceipt(receipt);
    }
    return 0;
  } catch (error) {
    options.logger.error(
      { err: error instanceof Error ? error.message : String(error) },
      'smpp handler failed',
    );
    return ESME_RX_T_APPN;
  }
}

/** What a bind answers its deliver_sm with: its window, its handlers, and a receipt counter. */
export interface DeliverHandling {
  readonly window: DeliverWindow;
  readonly events: SessionEventHub;
  readonly options: Pick<ResolvedEsmeOptions, 'idNotation' | 'logger'>;
  readonly onReceipt: () => void;
}

/**
 * Answers one deliver_sm: ESME_RTHROTTLED at once (not processed) when the bind's deliver window is
 * full, else the dispatchDeliverSm status once its handlers settled. Never pauses the socket: the
 * submit_sm_resp of a transceiver arrive on it too.
 */
export async function answerDeliverSm(
  link: PduLink,
  sequence: number,
  body: MessageBody,
  deliver: DeliverHandling,
): Promise<void> {
  if (!deliver.window.tryHold()) {
    link.send(encodePdu('deliver_sm_resp', sequence, { message_id: '' }, ESME_RTHROTTLED));
    return;
  }
  try {
    const status = await dispatchDeliverSm(body, deliver.events, deliver.options, deliver.onReceipt);
    link.send(encodePdu('deliver_sm_resp', sequence, { message_id: '' }, status));
  } finally {
    deliver.window.release();
  }
}
