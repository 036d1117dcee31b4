import {
  type IdempotentResult,
  type SendMessageInput,
  type SendMessageResult,
  type SendRequest,
  type ServiceContext,
  type SmppClientPrincipal,
  sendMessages,
} from '@pregon/services';
import {
  ESME_RINVDSTADR,
  ESME_RMSGQFUL,
  ESME_ROK,
  ESME_RTHROTTLED,
  type MessageBody,
  statusName,
} from '@pregon/smpp';
import type { Logger } from 'pino';
import { GroupCommit } from '../batching/group-commit.ts';
import { ClientThrottle } from './client-throttle.ts';
import { ESME_RINVEXPIRY, ESME_RINVSCHED } from './listener-statuses.ts';
import { parseSmppTime } from './smpp-time-field.ts';
import { destinationE164, requestedSender } from './submit-address.ts';
import { type AssembledSubmit, SubmitAssembler } from './submit-assembly.ts';
import { decodeParts, readSubmitContent, type SubmitPart } from './submit-content.ts';
import { submitErrorStatus } from './submit-error-status.ts';

/** The submit_sm_resp to send: our message id (the message's uuid) when accepted. */
export interface SubmitAnswer {
  readonly status: number;
  readonly messageId: string;
}

/** What the first part of a message decides for the whole of it. */
interface SubmitMeta {
  readonly client: SmppClientPrincipal;
  readonly to: string;
  readonly from: string | undefined;
  readonly sendAt: Date | null;
  readonly validUntil: Date | null;
  readonly receiptRequested: boolean;
}

export interface SubmitHandlerOptions {
  readonly ctx: ServiceContext;
  readonly logger: Logger;
  /** How long the parts of a concatenated submit are waited for. */
  readonly assemblyTimeoutMs: number;
  /** Concatenated submits being collected at once, across clients, before new ones get ESME_RMSGQFUL. */
  readonly maxOpenAssemblies: number;
}

// SMPP 3.4 §5.2.17 registered_delivery bits 1..0 = 01: a receipt on final success or failure.
const RECEIPT_ON_FINAL = 0x01;

/**
 * Turns an agency's submit_sm into one sendMessage call, exactly as a REST request would be. Parts of
 * a concatenated submit: every part is answered with the message's id; earlier parts at once (so a
 * client with a window smaller than its part count never stalls), the last one after the message is
 * stored, with its outcome. A message whose parts stop coming is stored with what arrived. Submits of
 * one agency that arrive together are stored in one transaction (group commit); each submit_sm_resp
 * still waits for its own row.
 */
export class SubmitHandler {
  readonly #options: SubmitHandlerOptions;
  readonly #assembler: SubmitAssembler<SubmitMeta>;
  readonly #throttles = new Map<string, ClientThrottle>();
  readonly #background = new Set<Promise<unknown>>();
  readonly #sends: GroupCommit<SendRequest, IdempotentResult<SendMessageResult>>;

  constructor(options: SubmitHandlerOptions) {
    this.#options = options;
    this.#sends = new GroupCommit((_tenantId, requests) => sendMessages({ ctx: options.ctx, requests }));
    this.#assembler = new SubmitAssembler<SubmitMeta>({
      timeoutMs: options.assemblyTimeoutMs,
      onTimeout: (assembled) => this.#storeInBackground(assembled),
    });
  }

  async handle(client: SmppClientPrincipal, body: MessageBody): Promise<SubmitAnswer> {
    if (!this.#throttle(client).tryTake()) return refused(ESME_RTHROTTLED);
    const to = destinationE164(body.destTon, body.destAddr);
    if (!to.ok) return refused(ESME_RINVDSTADR);
    const content = readSubmitContent(body);
    if (!content.ok) return refused(content.status);
    const now = this.#options.ctx.now?.() ?? new Date();
    const sendAt = parseSmppTime(body.scheduleDeliveryTime, now);
    if (!sendAt.ok) return refused(ESME_RINVSCHED);
    const validUntil = parseSmppTime(body.validityPeriod, now);
    if (!validUntil.ok) return refused(ESME_RINVEXPIRY);
    const meta: SubmitMeta = {
      client,
      to: to.value,
      from: requestedSender(body.sourceTon, body.sourceAddr),
      sendAt: sendAt.date,
      validUntil: validUntil.date,
      receiptRequested: (body.registeredDelivery & 0x03) === RECEIPT_ON_FINAL,
    };
    const position = content.part.position;
    if (position === null) return this.#store([content.part], meta, undefined);
    const key = [client.clientId, meta.from ?? '', meta.to, position.ref, position.total].join('|');
    if (this.#assembler.size >= this.#options.maxOpenAssemblies) return refused(ESME_RMSGQFUL);
    const step = this.#assembler.add(key, content.part, meta);
    if (step.kind === 'partial') return { status: ESME_ROK, messageId: step.messageId };
    const { assembled } = step;
    return this.#store(assembled.parts, assembled.meta, assembled.messageId);
  }

  /** Stores every message still being collected (shutdown), then waits for stores already running. */
  async drain(): Promise<void> {
    for (const assembled of this.#assembler.drain()) this.#storeInBackground(assembled);
    await Promise.allSettled([...this.#background]);
  }

  #throttle(client: SmppClientPrincipal): ClientThrottle {
    let throttle = this.#throttles.get(client.clientId);
    if (throttle === undefined) {
      throttle = new ClientThrottle(client.tps);
      this.#throttles.set(client.clientId, throttle);
    }
    return throttle;
  }

  async #store(
    parts: readonly SubmitPart[],
    meta: SubmitMeta,
    messageId: string | undefined,
  ): Promise<SubmitAnswer> {
    const input: SendMessageInput = {
      to: meta.to,
      text: decodeParts(parts),
      ...(meta.from === undefined ? {} : { from: meta.from }),
      ...(meta.sendAt === null ? {} : { sendAt: meta.sendAt.toISOString() }),
      ...(meta.validUntil === null ? {} : { validUntil: meta.validUntil.toISOString() }),
    };
    try {
      const result = await this.#sends.add(meta.client.tenantId, {
        input,
        principal: {
          tenantId: meta.client.tenantId,
          apiKeyId: null,
          smpp: { clientId: meta.client.clientId, receiptRequested: meta.receiptRequested, messageId },
        },
      });
      return { status: ESME_ROK, messageId: result.body.id };
    } catch (error) {
      const status = submitErrorStatus(error);
      this.#options.logger.info(
        { err: error, clientId: meta.client.clientId, status: statusName(status) },
        'smpp submit refused',
      );
      return refused(status);
    }
  }

  #storeInBackground(assembled: AssembledSubmit<SubmitMeta>): void {
    const stored = this.#store(assembled.parts, assembled.meta, assembled.messageId).then((answer) => {
      const log = this.#options.logger;
      if (answer.status === ESME_ROK) {
        log.warn({ messageId: answer.messageId, parts: assembled.parts.length }, 'stored incomplete submit');
      } else {
        log.error(
          { messageId: assembled.messageId, status: statusName(answer.status) },
          'incomplete submit could not be stored; its parts were already acknowledged',
        );
      }
    });
    this.#background.add(stored);
    void stored.finally(() => this.#background.delete(stored));
  }
}

function refused(status: number): SubmitAnswer {
  return { status, messageId: '' };
}
