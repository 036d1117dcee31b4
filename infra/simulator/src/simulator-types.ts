import type { Tlv } from '@pregon/smpp';
import type { IdFormat } from './message-id-source.ts';

/** What the simulated SMSC does with a submit_sm. */
export type SimulatedOutcome = 'deliver' | 'undeliverable' | 'reject' | 'throttle' | 'no_response';

export interface SubmittedMessage {
  readonly systemId: string;
  readonly source: string;
  readonly sourceTon: number;
  readonly sourceNpi: number;
  readonly destination: string;
  readonly destTon: number;
  readonly destNpi: number;
  readonly dataCoding: number;
  readonly esmClass: number;
  readonly registeredDelivery: number;
  /** short_message exactly as received, UDH included. */
  readonly shortMessage: Uint8Array;
  /** User data after the UDH. */
  readonly bytes: Uint8Array;
  /** The UDH including its length octet, when esm_class has UDHI (0x40). */
  readonly udh: Uint8Array | null;
  readonly tlvs: readonly Tlv[];
  readonly receivedAt: Date;
  /** As written in submit_sm_resp; '' when the submit was rejected, throttled or left unanswered. */
  readonly messageId: string;
  readonly outcome: SimulatedOutcome;
}

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** When set, binds with another system_id get ESME_RINVSYSID. */
  readonly systemId?: string;
  /** When set, binds with another password get ESME_RINVPASWD. */
  readonly password?: string;
  /** Default 500. */
  readonly receiptDelayMs?: number;
  /** Delay before each submit_sm_resp, to keep submits in flight; default 0. */
  readonly responseDelayMs?: number;
  /** submit_sm_resp and receipted_message_id ids; default 'hex'. */
  readonly idFormat?: IdFormat;
  /** Id in the receipt text; defaults to idFormat. 'dec' with idFormat 'hex' mimics Kannel msg-id-type 0x01. */
  readonly receiptIdFormat?: IdFormat;
  /** Default 'tlv+text'. */
  readonly receiptMode?: 'tlv+text' | 'text';
  /** Default: every submit is delivered. */
  readonly outcome?: (submit: SubmittedMessage) => SimulatedOutcome;
  /** Submits kept in `submits`; default 10000. */
  readonly historyLimit?: number;
  /** Attempts per receipt while the ESME answers with an error; default 3. Throttled answers do not count. */
  readonly receiptAttempts?: number;
  /**
   * deliver_sm (receipts, MO) a bind may leave unanswered before the simulator queues the rest, like a
   * real SMSC; default 100.
   */
  readonly deliverWindow?: number;
  /**
   * After a deliver_sm_resp ESME_RTHROTTLED or ESME_RMSGQFUL: how long the bind is held back before that
   * deliver_sm (and the queued ones) are sent again; it is never dropped. Default 1000.
   */
  readonly throttleRetryMs?: number;
}

export interface MoInjection {
  readonly from: string;
  readonly to: string;
  readonly text?: string;
  readonly dataCoding?: number;
  readonly bytes?: Uint8Array;
  readonly esmClass?: number;
  readonly tlvs?: readonly Tlv[];
  /**
   * `all` (default): to every bound rx/trx session, as tests of one session per system expect.
   * `one`: to one of them, in turn, as an SMSC delivers a text to an ESME bound several times.
   */
  readonly sessions?: 'all' | 'one';
}

export interface SimulatorEvents {
  submit: (submit: SubmittedMessage) => void;
  bind: (e: { systemId: string; mode: 'trx' | 'tx' | 'rx'; status: number }) => void;
  receipt: (e: { messageId: string; attempt: number; status: number | 'no_response' }) => void;
  enquire_link: (e: { systemId: string | null }) => void;
  unbind: (e: { systemId: string | null }) => void;
  disconnect: (e: { systemId: string | null }) => void;
}

export interface Simulator {
  readonly port: number;
  readonly host: string;
  /** Newest submits, oldest first (bounded by historyLimit). */
  readonly submits: readonly SubmittedMessage[];
  /** Bound sessions right now. */
  readonly sessions: number;
  on<K extends keyof SimulatorEvents>(event: K, handler: SimulatorEvents[K]): () => void;
  /**
   * Sends an MO deliver_sm to every bound rx/trx session, or one of them (`mo.sessions`), through each
   * one's window, again after a throttled answer; resolves with their final deliver_sm_resp statuses
   * (-1: none).
   */
  injectMo(mo: MoInjection): Promise<number[]>;
  /** Drops every TCP connection abruptly (tests of reconnect). */
  killConnections(): void;
  close(): Promise<void>;
}
