import { createServer, type Server } from 'node:net';
import { AppError } from '@pregon/domain';
import { authenticateSmppClient, type ServiceContext, type SmppClientPrincipal } from '@pregon/services';
import { ESME_RINVPASWD, ESME_RINVSYSID, ESME_ROK } from '@pregon/smpp';
import type { Logger } from 'pino';
import type { MoIntake } from '../inbound/mo-intake.ts';
import type { LinkSessionStats } from '../links/bind-slot.ts';
import { BindLockout, type BindLockoutOptions, DEFAULT_BIND_LOCKOUT } from './bind-lockout.ts';
import { BoundClients } from './bound-clients.ts';
import { type ClientBindMode, EsmeConnection } from './esme-connection.ts';
import { ESME_RBINDFAIL, ESME_RSYSERR } from './listener-statuses.ts';
import { OutbindReceivers } from './outbind-receivers.ts';
import { ReceiptPump } from './receipt-pump.ts';
import { SubmitHandler } from './submit-handler.ts';

export interface SmppListenerConfig {
  readonly ctx: ServiceContext;
  readonly logger: Logger;
  /** Where MO from carriers' outbind connections goes (shared with our own binds). */
  readonly mo: MoIntake;
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Our system_id in bind responses; default 'pregon'. */
  readonly systemId?: string;
  readonly lockout?: BindLockoutOptions;
  /** Default 30000. */
  readonly enquireLinkMs?: number;
  /** Default 10000. */
  readonly responseTimeoutMs?: number;
  /** How often bound clients' owed receipts are looked for; default 500. */
  readonly receiptPollMs?: number;
  /** Wait for the rest of a concatenated submit; default 60000. */
  readonly assemblyTimeoutMs?: number;
  /** deliver_sm a carrier's outbind may hold unanswered; default DEFAULT_DELIVER_WINDOW. */
  readonly deliverWindow?: number;
}

export interface SmppListener {
  readonly port: number;
  /** Binds currently held by an SMPP client on this listener. */
  binds(clientId: string): number;
  /** Receiver binds held over carriers' outbind connections. */
  outbinds(): number;
  /** Their numbers for /metrics (mode 'outbind'). */
  outbindStats(): LinkSessionStats[];
  /** Stops accepting, answers submits in flight, stores partial messages, unbinds every client. */
  stop(): Promise<void>;
}

const BIND_REFUSAL: Readonly<Record<string, number>> = {
  unknown_system_id: ESME_RINVSYSID,
  wrong_password: ESME_RINVPASWD,
  revoked: ESME_RBINDFAIL,
};

/**
 * The SMPP listener for agency systems binding to us as ESMEs: authenticated binds with a per-source
 * lockout after repeated failures, submit_sm into sendMessage, and receipts back as deliver_sm.
 * Carriers may connect here too and send `outbind`; see OutbindReceivers.
 */
export async function startSmppListener(config: SmppListenerConfig): Promise<SmppListener> {
  const log = config.logger;
  const lockout = new BindLockout(config.lockout ?? DEFAULT_BIND_LOCKOUT);
  const clients = new BoundClients();
  const connections = new Set<EsmeConnection>();
  const responseTimeoutMs = config.responseTimeoutMs ?? 10_000;
  const enquireLinkMs = config.enquireLinkMs ?? 30_000;
  const outbinds = new OutbindReceivers({
    ctx: config.ctx,
    logger: log,
    lockout,
    mo: config.mo,
    responseTimeoutMs,
    enquireLinkMs,
    ...(config.deliverWindow === undefined ? {} : { deliverWindow: config.deliverWindow }),
  });
  const submits = new SubmitHandler({
    ctx: config.ctx,
    logger: log,
    assemblyTimeoutMs: config.assemblyTimeoutMs ?? 60_000,
    maxOpenAssemblies: 10_000,
  });
  const receipts = new ReceiptPump({
    ctx: config.ctx,
    clients,
    logger: log,
    intervalMs: config.receiptPollMs ?? 500,
    window: 10,
    retryMs: 5_000,
  });

  async function bind(
    conn: EsmeConnection,
    request: { systemId: string; password: string; mode: ClientBindMode },
  ): Promise<{ status: number; client: SmppClientPrincipal | null }> {
    const source = conn.remoteAddress;
    if (lockout.isLocked(source)) {
      log.warn({ source, systemId: request.systemId }, 'smpp bind refused: source locked out');
      return { status: ESME_RBINDFAIL, client: null };
    }
    let client: SmppClientPrincipal;
    try {
      client = await authenticateSmppClient({ ctx: config.ctx, input: request });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'UNAUTHORIZED') {
        log.error({ err: error }, 'smpp bind could not be checked');
        return { status: ESME_RSYSERR, client: null };
      }
      const locked = lockout.recordFailure(source);
      const reason = String(error.details?.reason ?? '');
      log.warn({ source, systemId: request.systemId, reason, locked }, 'smpp bind refused');
      return { status: BIND_REFUSAL[reason] ?? ESME_RBINDFAIL, client: null };
    }
    if (!clients.tryAdd(conn, client)) {
      log.warn({ systemId: request.systemId, maxBinds: client.maxBinds }, 'smpp bind refused: max binds');
      return { status: ESME_RBINDFAIL, client: null };
    }
    log.info({ systemId: request.systemId, mode: request.mode, source }, 'smpp client bound');
    return { status: ESME_ROK, client };
  }

  const server: Server = createServer((socket) => {
    const conn = new EsmeConnection(
      socket,
      {
        bind,
        submit: async (_conn, client, pdu) =>
          pdu.message === undefined
            ? { status: ESME_RSYSERR, messageId: '' }
            : submits.handle(client, pdu.message),
        outbind: (c, request) => outbinds.accept(c, request),
        closed: (c) => {
          connections.delete(c);
          clients.remove(c);
        },
      },
      {
        systemId: config.systemId ?? 'pregon',
        enquireLinkMs,
        responseTimeoutMs,
      },
    );
    connections.add(conn);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'smpp listener error'));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  receipts.start();
  log.info({ port }, 'smpp listener accepting binds');

  return {
    port,
    binds: (clientId) => clients.count(clientId),
    outbinds: () => outbinds.count,
    outbindStats: () => outbinds.sessionStats(),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await receipts.stop();
      await Promise.allSettled([...connections].map((c) => c.unbind(2_000)));
      await submits.drain();
      await outbinds.stop();
      for (const c of connections) c.link.destroy();
      await closed;
    },
  };
}
