import { DEFAULT_DELIVER_WINDOW } from './deliver-window.ts';
import type { IdNotation } from './message-id.ts';

type LogFn = (fields: Record<string, unknown>, message?: string) => void;

/** pino-compatible: `logger.info({ seq }, 'bound')`. */
export interface SessionLogger {
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  readonly debug: LogFn;
}

export type BindMode = 'trx' | 'tx' | 'rx';

/** TLS to the SMSC; the certificate is verified against `ca` (or the system store) unless told otherwise. */
export interface EsmeTlsOptions {
  /** PEM trust anchors replacing the system store, e.g. a carrier's private CA. */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** SNI and the name checked in the certificate; default `host` when it is a name, none for an IP. */
  readonly servername?: string;
  /** Default true. false accepts any certificate: only for a lab SMSC. */
  readonly rejectUnauthorized?: boolean;
  /** Client certificate and key (PEM) for carriers that require mutual TLS. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

export interface EsmeSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly systemId: string;
  readonly password: string;
  readonly systemType?: string;
  /** true or options: connect over TLS with certificate verification on (default: plain TCP). */
  readonly tls?: boolean | EsmeTlsOptions;
  /** Default 'trx' (bind_transceiver). */
  readonly bindMode?: BindMode;
  /** Outstanding submit_sm at most; default 10 (Kannel's default). */
  readonly window?: number;
  /**
   * deliver_sm held unanswered at most while their receipt/MO is stored; beyond it they are answered
   * ESME_RTHROTTLED at once, so the SMSC sends them again later. Default DEFAULT_DELIVER_WINDOW (1000).
   */
  readonly deliverWindow?: number;
  /** Submits per second; 0 (default) means unlimited. */
  readonly tps?: number;
  /** Per request (bind, submit_sm, enquire_link, unbind); default 10000. */
  readonly responseTimeoutMs?: number;
  /** Idle time before we probe the link; default 30000. */
  readonly enquireLinkMs?: number;
  readonly reconnect?: { readonly minMs: number; readonly maxMs: number };
  /** First pause after ESME_RTHROTTLED / ESME_RMSGQFUL, doubled per consecutive throttle; default 1000. */
  readonly throttleBackoffMs?: number;
  /** Longest throttle pause; default 30000. */
  readonly throttleMaxMs?: number;
  /** Default 'auto'. */
  readonly idNotation?: IdNotation;
  readonly logger?: SessionLogger;
}

export interface ResolvedEsmeOptions {
  readonly host: string;
  readonly port: number;
  readonly systemId: string;
  readonly password: string;
  readonly systemType: string;
  readonly tls: EsmeTlsOptions | null;
  readonly bindMode: BindMode;
  readonly window: number;
  readonly deliverWindow: number;
  readonly tps: number;
  readonly responseTimeoutMs: number;
  readonly enquireLinkMs: number;
  readonly reconnect: { readonly minMs: number; readonly maxMs: number };
  readonly throttleBackoffMs: number;
  readonly throttleMaxMs: number;
  readonly idNotation: IdNotation;
  readonly logger: SessionLogger;
}

const noop: LogFn = () => {};
const SILENT: SessionLogger = { info: noop, warn: noop, error: noop, debug: noop };

export function resolveEsmeOptions(o: EsmeSessionOptions): ResolvedEsmeOptions {
  return {
    host: o.host,
    port: o.port,
    systemId: o.systemId,
    password: o.password,
    systemType: o.systemType ?? '',
    tls: o.tls === true ? {} : o.tls === false || o.tls === undefined ? null : o.tls,
    bindMode: o.bindMode ?? 'trx',
    window: o.window ?? 10,
    deliverWindow: o.deliverWindow ?? DEFAULT_DELIVER_WINDOW,
    tps: o.tps ?? 0,
    responseTimeoutMs: o.responseTimeoutMs ?? 10_000,
    enquireLinkMs: o.enquireLinkMs ?? 30_000,
    reconnect: o.reconnect ?? { minMs: 1000, maxMs: 60_000 },
    throttleBackoffMs: o.throttleBackoffMs ?? 1000,
    throttleMaxMs: o.throttleMaxMs ?? 30_000,
    idNotation: o.idNotation ?? 'auto',
    logger: o.logger ?? SILENT,
  };
}
