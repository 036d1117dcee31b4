import { hostname } from 'node:os';
import { type SubmitItem, submitBatchSchema, submitQueueName } from '@pregon/domain';
import {
  type CarrierRow,
  claimForSubmit,
  ensureQueue,
  type LinkStateReport,
  loadCarriersForBinding,
  recordSubmitResults,
  reportLinkStates,
  type ServiceContext,
} from '@pregon/services';
import { EsmeSession, type IdNotation } from '@pregon/smpp';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { LinkReadiness } from '../http/types.ts';
import { ReceiptBuffer } from './receipt-buffer.ts';
import { submitItem } from './submit-item.ts';

interface CarrierRuntime {
  carrier: CarrierRow;
  sessions: EsmeSession[];
  receipts: ReceiptBuffer;
  next: number;
}

const REPORT_EVERY_MS = 2_000;

/**
 * Holds this process's SMPP binds to every enabled carrier, works each carrier's submit queue over
 * them, turns receipts into jobs, and reports link state. One instance per gateway process.
 */
export class CarrierLinks implements LinkReadiness {
  readonly #ctx: ServiceContext;
  readonly #boss: PgBoss;
  readonly #log: Logger;
  readonly #holder = `${hostname()}:${process.pid}`;
  readonly #runtimes: CarrierRuntime[] = [];
  #reporter: NodeJS.Timeout | null = null;

  constructor(deps: { ctx: ServiceContext; boss: PgBoss; logger: Logger }) {
    this.#ctx = deps.ctx;
    this.#boss = deps.boss;
    this.#log = deps.logger.child({ component: 'links' });
  }

  async start(): Promise<void> {
    for (const carrier of await loadCarriersForBinding({ ctx: this.#ctx })) await this.#startCarrier(carrier);
    this.#reporter = setInterval(() => void this.#report(), REPORT_EVERY_MS);
    await this.#report();
  }

  links(): Array<{ carrier: string; ordinal: number; state: string }> {
    return this.#runtimes.flatMap((r) =>
      r.sessions.map((s, ordinal) => ({ carrier: r.carrier.name, ordinal, state: s.state })),
    );
  }

  async #startCarrier(carrier: CarrierRow): Promise<void> {
    const log = this.#log.child({ carrier: carrier.name });
    const sessions: EsmeSession[] = [];
    const receipts = new ReceiptBuffer(this.#ctx, carrier.id);
    for (let i = 0; i < carrier.binds; i++) {
      const modes = carrier.bindMode === 'tx+rx' ? (['tx', 'rx'] as const) : (['trx'] as const);
      for (const bindMode of modes) {
        const session = new EsmeSession({
          host: carrier.host,
          port: carrier.port,
          systemId: carrier.systemId,
          password: carrier.password,
          systemType: carrier.systemType,
          bindMode,
          window: carrier.window,
          tps: carrier.tps,
          idNotation: carrier.idNotation as IdNotation,
          logger: log.child({ bind: sessions.length, mode: bindMode }),
        });
        session.on('state', (state) => log.info({ bind: sessions.indexOf(session), state }, 'link state'));
        session.on('receipt', (r) =>
          receipts.add({
            carrierMessageId: r.carrierMessageId,
            state: r.state,
            errorCode: r.errorCode ?? null,
            doneAt: r.doneDate?.toISOString() ?? null,
            receivedAt: new Date().toISOString(),
          }),
        );
        session.on('mo', (mo) => {
          log.info(
            { from: mo.source, to: mo.destination },
            'MO received; the keyword engine is not enabled on this gateway yet',
          );
        });
        sessions.push(session);
        session.start();
      }
    }
    const runtime: CarrierRuntime = { carrier, sessions, receipts, next: 0 };
    this.#runtimes.push(runtime);
    const queue = submitQueueName(carrier.id);
    await ensureQueue(this.#boss, queue);
    const submitters = sessions.filter((s) => s.options.bindMode !== 'rx').length;
    await this.#boss.work(
      queue,
      { batchSize: 1, localConcurrency: Math.max(1, submitters), pollingIntervalSeconds: 0.5 },
      async (jobs) => {
        for (const job of jobs) await this.#submitBatch(runtime, submitBatchSchema.parse(job.data).items);
      },
    );
  }

  /** Round-robin over the binds that can submit, preferring bound ones. */
  #pick(runtime: CarrierRuntime): EsmeSession {
    const usable = runtime.sessions.filter((s) => s.options.bindMode !== 'rx');
    const bound = usable.filter((s) => s.state === 'bound');
    const pool = bound.length > 0 ? bound : usable;
    runtime.next = (runtime.next + 1) % pool.length;
    const session = pool[runtime.next];
    if (!session) throw new Error(`carrier ${runtime.carrier.name} has no bind that can submit`);
    return session;
  }

  async #submitBatch(runtime: CarrierRuntime, items: SubmitItem[]): Promise<void> {
    const claimed = await claimForSubmit({ ctx: this.#ctx, input: { items } });
    const results = await Promise.all(
      claimed.map(async (item) => ({ item, result: await submitItem(this.#pick(runtime), item) })),
    );
    await recordSubmitResults({ ctx: this.#ctx, input: { carrierId: runtime.carrier.id, results } });
  }

  async #report(): Promise<void> {
    const reports: LinkStateReport[] = this.#runtimes.flatMap((r) =>
      r.sessions.map((s, ordinal) => {
        const st = s.stats();
        return {
          carrierId: r.carrier.id,
          ordinal,
          state: st.state,
          holder: this.#holder,
          outstanding: st.outstanding,
          submitted: st.submitted,
          lastError: null,
        };
      }),
    );
    try {
      await reportLinkStates({ ctx: this.#ctx, input: reports });
    } catch (err) {
      this.#log.warn({ err }, 'could not record link state');
    }
  }

  /** Stop taking submit jobs, let in-flight ones finish, drain and unbind every link, flush receipts. */
  async stop(): Promise<void> {
    if (this.#reporter) clearInterval(this.#reporter);
    for (const r of this.#runtimes) await this.#boss.offWork(submitQueueName(r.carrier.id), { wait: true });
    await Promise.all(this.#runtimes.flatMap((r) => r.sessions.map((s) => s.stop())));
    await Promise.all(this.#runtimes.map((r) => r.receipts.flush()));
    await this.#report();
  }
}
