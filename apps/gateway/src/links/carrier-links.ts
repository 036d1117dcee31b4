import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type CarrierRow,
  claimBindSlots,
  loadCarriersForBinding,
  releaseBindSlots,
  reportLinkStates,
  type ServiceContext,
} from '@pregon/services';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { LinkReadiness } from '../http/types.ts';
import type { MoIntake } from '../inbound/mo-intake.ts';
import type { LinkSessionStats } from './bind-slot.ts';
import { CarrierBinds } from './carrier-binds.ts';

/** How bind leases are kept; the defaults take a dead gateway's binds over within about ten seconds. */
export interface LeaseTiming {
  /** Renew held slots and try to claim the others this often. */
  renewMs: number;
  /** A slot not renewed for this long is free for another gateway. */
  leaseMs: number;
  /** Look for added, changed and disabled carriers this often. */
  carrierPollMs: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { renewMs: 2_000, leaseMs: 8_000, carrierPollMs: 5_000 };

/** The carrier settings that need new sessions when they change. */
function bindConfig(c: CarrierRow): string {
  const { host, port, tls, systemId, password, systemType, bindMode, binds, window, tps, idNotation } = c;
  return JSON.stringify([
    host,
    port,
    tls,
    systemId,
    password,
    systemType,
    bindMode,
    binds,
    window,
    tps,
    idNotation,
  ]);
}

/**
 * Holds this process's share of the SMPP binds to every enabled carrier under leases in PostgreSQL
 * (so that all gateways together never hold more than a carrier's `binds`), works each carrier's
 * submit queue over them, turns receipts into jobs, and reports link state. One per gateway process.
 */
export class CarrierLinks implements LinkReadiness {
  /** Distinct per instance, so two in one process (tests) compete like two processes. */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly #ctx: ServiceContext;
  readonly #boss: PgBoss;
  readonly #log: Logger;
  readonly #timing: LeaseTiming;
  readonly #mo: MoIntake;
  readonly #intake: ServiceContext;
  readonly #deliverWindow: number | undefined;
  readonly #carriers = new Map<string, CarrierBinds>();
  /** Carriers disabled or changed, still draining: their leases are renewed until they are released. */
  readonly #retiring = new Map<string, { binds: CarrierBinds; done: Promise<void> }>();
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  #polledAt = Number.NEGATIVE_INFINITY;
  #closed = false;

  constructor(deps: {
    ctx: ServiceContext;
    /**
     * For receipts and bind leases (default `ctx`): a pool of their own, so neither waits for a
     * connection behind the submit path's claims and records.
     */
    intakeCtx?: ServiceContext;
    boss: PgBoss;
    mo: MoIntake;
    logger: Logger;
    timing?: Partial<LeaseTiming>;
    /** Per bind; default DEFAULT_DELIVER_WINDOW. */
    deliverWindow?: number;
  }) {
    this.#ctx = deps.ctx;
    this.#intake = deps.intakeCtx ?? deps.ctx;
    this.#deliverWindow = deps.deliverWindow;
    this.#mo = deps.mo;
    this.#boss = deps.boss;
    this.#timing = { ...DEFAULT_LEASE_TIMING, ...deps.timing };
    this.#log = deps.logger.child({ component: 'links', holder: this.holder });
  }

  /** Claims what slots it can and starts binding them; the rest are tried again every renewal. */
  async start(): Promise<void> {
    // The first round fails loudly (database down, a password that cannot be opened); later ones log and retry.
    await this.#syncCarriers();
    this.#polledAt = performance.now();
    await this.#tick();
    this.#timer = setInterval(() => void this.#tick(), this.#timing.renewMs);
  }

  /** Held slots with their state, for /readyz (a carrier whose slots other gateways hold is absent). */
  links(): Array<{ carrier: string; ordinal: number; state: string }> {
    return [...this.#carriers.values()].flatMap((c) =>
      c.live().map((s) => ({ carrier: c.carrier.name, ordinal: s.ordinal, state: s.state() })),
    );
  }

  /** Every session of every held slot, for /metrics. */
  sessionStats(): LinkSessionStats[] {
    return [...this.#carriers.values()].flatMap((c) => c.live().flatMap((s) => s.stats()));
  }

  #tick(): Promise<void> {
    this.#ticking ??= this.#renewAndClaim().finally(() => {
      this.#ticking = null;
    });
    return this.#ticking;
  }

  async #renewAndClaim(): Promise<void> {
    const startedAt = performance.now();
    const deadline = startedAt + this.#timing.leaseMs;
    try {
      if (startedAt - this.#polledAt >= this.#timing.carrierPollMs) {
        await this.#syncCarriers();
        this.#polledAt = startedAt;
      }
      await this.#renew(deadline);
      if (this.#closed) return;
      for (const c of this.#carriers.values()) {
        const won = await claimBindSlots({
          ctx: this.#intake,
          input: {
            holder: this.holder,
            carrierId: c.carrier.id,
            ordinals: c.unheld(),
            leaseMs: this.#timing.leaseMs,
          },
        });
        for (const ordinal of won) await c.hold(ordinal, deadline);
      }
    } catch (err) {
      this.#log.warn({ err }, 'could not renew or claim bind leases');
    }
    this.#letExpiringGo(performance.now());
  }

  /**
   * Reports every slot this process has sessions on, which renews their leases (draining ones too, so
   * nobody binds before they unbound); live slots another gateway took are let go.
   */
  async #renew(deadline: number): Promise<void> {
    const all = [...this.#carriers.values(), ...[...this.#retiring.values()].map((r) => r.binds)];
    const slots = all.flatMap((c) => [...c.slots.values()].map((slot) => ({ c, slot })));
    if (slots.length === 0) return;
    const held = await reportLinkStates({
      ctx: this.#intake,
      input: slots.map(({ slot }) => slot.report(this.holder, this.#timing.leaseMs)),
    });
    const kept = new Set(held.map((h) => `${h.carrierId}:${h.ordinal}`));
    for (const { c, slot } of slots) {
      if (kept.has(`${c.carrier.id}:${slot.ordinal}`)) slot.renewed(deadline);
      else if (!slot.stopping) void c.letGo(slot.ordinal, 'another gateway holds this slot now');
    }
  }

  /** Without renewals (database unreachable) a lease runs out: unbind before another gateway may bind. */
  #letExpiringGo(now: number): void {
    const margin = Math.max(this.#timing.renewMs, this.#timing.leaseMs / 4);
    for (const c of this.#carriers.values())
      for (const slot of c.live())
        if (slot.expiring(now, margin)) void c.letGo(slot.ordinal, 'lease not renewed in time');
  }

  /** Starts new carriers, stops disabled or removed ones, restarts those whose bind settings changed. */
  async #syncCarriers(): Promise<void> {
    const wanted = new Map((await loadCarriersForBinding({ ctx: this.#ctx })).map((c) => [c.id, c]));
    for (const [id, running] of this.#carriers) {
      const next = wanted.get(id);
      if (next && bindConfig(next) === bindConfig(running.carrier)) continue;
      this.#log.info(
        { carrier: running.carrier.name, disabled: !next },
        'carrier changed: stopping its binds',
      );
      this.#carriers.delete(id);
      this.#retire(running);
    }
    for (const [id, carrier] of wanted) {
      // A changed carrier binds again with its new settings once the old sessions are gone.
      if (this.#carriers.has(id) || this.#retiring.has(id)) continue;
      this.#carriers.set(
        id,
        new CarrierBinds({
          carrier,
          ctx: this.#ctx,
          intakeCtx: this.#intake,
          boss: this.#boss,
          mo: this.#mo,
          logger: this.#log,
          ...(this.#deliverWindow === undefined ? {} : { deliverWindow: this.#deliverWindow }),
        }),
      );
    }
  }

  /** Drains and unbinds a carrier's slots in the background, then releases them. */
  #retire(c: CarrierBinds): void {
    const done = (async () => {
      await Promise.all(
        [...c.slots.keys()].map((ordinal) => c.letGo(ordinal, 'carrier disabled or changed')),
      );
      await c.receipts.flush();
      await releaseBindSlots({ ctx: this.#ctx, input: { holder: this.holder, carrierId: c.carrier.id } });
    })()
      .catch((err: unknown) => this.#log.error({ err, carrier: c.carrier.name }, 'could not retire carrier'))
      .finally(() => this.#retiring.delete(c.carrier.id));
    this.#retiring.set(c.carrier.id, { binds: c, done });
  }

  /**
   * Stop taking submit jobs, let in-flight ones finish, drain and unbind every link, flush receipts,
   * then release the leases. Leases are renewed while draining, so no other gateway binds meanwhile.
   */
  async stop(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#ticking;
    const renewing = setInterval(() => {
      this.#renew(performance.now() + this.#timing.leaseMs).catch((err: unknown) =>
        this.#log.warn({ err }, 'could not renew bind leases while stopping'),
      );
    }, this.#timing.renewMs);
    try {
      const all = [...this.#carriers.values()];
      await Promise.all(
        all.flatMap((c) => [...c.slots.keys()].map((ordinal) => c.letGo(ordinal, 'stopping'))),
      );
      for (const c of all) await c.stopWorking();
      await Promise.all(all.map((c) => c.receipts.flush()));
      await Promise.all([...this.#retiring.values()].map((r) => r.done));
    } finally {
      clearInterval(renewing);
    }
    await releaseBindSlots({ ctx: this.#ctx, input: { holder: this.holder } });
  }

  /**
   * For tests: dies the way a crashed process does, sockets closed but leases neither renewed nor
   * released, so other gateways take the slots over only once the leases run out.
   */
  async abandon(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#ticking;
    const all = [...this.#carriers.values(), ...[...this.#retiring.values()].map((r) => r.binds)];
    await Promise.all(all.flatMap((c) => [...c.slots.values()].map((s) => s.stop())));
    for (const c of all) await c.stopWorking();
  }
}
