import { carriers } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { CarrierLinks, DEFAULT_LEASE_TIMING, linkMetricsRegistry, MoIntake } from '@pregon/gateway';
import { noJobQueue, type ServiceContext, startBoss } from '@pregon/services';
import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/src/index.ts';

// Several gateways share one carrier's binds through leases in PostgreSQL. Real timings: renew every
// 2 s, lease 8 s, carriers polled every 5 s (DEFAULT_LEASE_TIMING).

let t: TestDatabase;
let boss: Awaited<ReturnType<typeof startBoss>>;
let sql: postgres.Sql;
let ctx: ServiceContext;
let sim: Simulator;
let carrierId: string;
/** Most sessions the SMSC ever had bound at once, sampled every few milliseconds. */
let peak = 0;
let sampler: NodeJS.Timeout;
const running: CarrierLinks[] = [];
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  t = await createTestDatabase('bind_leases_e2e');
  boss = await startBoss({ connectionString: t.url, max: 4, onError: () => {} });
  ctx = { db: t.db, queue: noJobQueue };
  sql = postgres(t.url, { max: 1, onnotice: () => {} });
  sim = await startSimulator({});
  const [row] = await t.db
    .insert(carriers)
    .values({
      name: 'movistar',
      host: sim.host,
      port: sim.port,
      systemId: 'pregon',
      password: 'pw',
      binds: 2,
    })
    .returning({ id: carriers.id });
  if (!row) throw new Error('no carrier row');
  carrierId = row.id;
  sampler = setInterval(() => {
    peak = Math.max(peak, sim.sessions);
  }, 5);
});

afterAll(async () => {
  clearInterval(sampler);
  await Promise.all(running.map((l) => l.stop()));
  await sim?.close();
  await boss?.stop({ graceful: false });
  await sql?.end();
  await t?.drop();
});

function gateway(): CarrierLinks {
  const mo = new MoIntake({ ctx, logger, reassemblyTimeoutMs: 60_000 });
  const links = new CarrierLinks({ ctx, boss, mo, logger });
  running.push(links);
  return links;
}

const slots = () =>
  sql<Array<{ ordinal: number; holder: string | null }>>`
    select ordinal, holder from carrier_links where carrier_id = ${carrierId} order by ordinal`;

const bound = (l: CarrierLinks) => l.links().filter((x) => x.state === 'bound').length;

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

describe('bind leases across gateway processes', () => {
  let a: CarrierLinks;
  let b: CarrierLinks;

  it('never lets two gateways hold more binds to a carrier than it allows', async () => {
    a = gateway();
    b = gateway();
    await Promise.all([a.start(), b.start()]);
    await until('both binds up', () => bound(a) + bound(b) === 2 && sim.sessions === 2, 5_000);
    // A few renewal rounds in which each keeps trying to claim the slots the other holds.
    await new Promise((r) => setTimeout(r, 3 * DEFAULT_LEASE_TIMING.renewMs));
    expect(a.links().length + b.links().length).toBe(2);
    expect(sim.sessions).toBe(2);
    expect(peak).toBe(2);
    const rows = await slots();
    expect(rows.map((r) => r.holder).sort()).toEqual(
      [...a.links().map(() => a.holder), ...b.links().map(() => b.holder)].sort(),
    );
    // Each gateway's /metrics shows exactly the binds it holds, up.
    const scraped = (await linkMetricsRegistry(a).metrics()) + (await linkMetricsRegistry(b).metrics());
    expect(
      scraped.match(/^pregon_link_up\{carrier="movistar",ordinal="[01]",mode="trx"\} 1$/gm),
    ).toHaveLength(2);
  });

  it("takes a crashed gateway's binds over once its leases run out", async () => {
    const [victim, survivor] = a.links().length > 0 ? [a, b] : [b, a];
    await victim.abandon();
    const ms = await until('survivor holds both binds', () => bound(survivor) === 2, 15_000);
    // Lease (8 s) + one renewal round (2 s) + binding: "within about ten seconds".
    expect(ms).toBeLessThan(DEFAULT_LEASE_TIMING.leaseMs + 2 * DEFAULT_LEASE_TIMING.renewMs + 1_000);
    expect(sim.sessions).toBe(2);
    expect(peak).toBe(2);
    a = survivor;
  });

  it('hands its binds over at once when a gateway stops cleanly', async () => {
    const next = gateway();
    await next.start();
    expect(next.links()).toEqual([]);
    await a.stop();
    const rows = await slots();
    expect(rows.every((r) => r.holder === null)).toBe(true);
    // Released, not expired: the next renewal round claims them, well before a lease would run out.
    const ms = await until('next gateway holds both binds', () => bound(next) === 2, 5_000);
    expect(ms).toBeLessThan(DEFAULT_LEASE_TIMING.leaseMs);
    expect(peak).toBe(2);
    a = next;
  });

  it('binds carriers added while running and unbinds disabled ones', async () => {
    const other = await startSimulator({});
    try {
      const [row] = await t.db
        .insert(carriers)
        .values({ name: 'vodafone', host: other.host, port: other.port, systemId: 'pregon', password: 'pw' })
        .returning({ id: carriers.id });
      if (!row) throw new Error('no carrier row');
      await until(
        'new carrier bound',
        () => other.sessions === 1,
        2 * DEFAULT_LEASE_TIMING.carrierPollMs + 2_000,
      );
      expect(a.links().map((l) => l.carrier)).toContain('vodafone');
      await sql`update carriers set enabled = false where id = ${row.id}`;
      await until(
        'disabled carrier unbound',
        () => other.sessions === 0,
        2 * DEFAULT_LEASE_TIMING.carrierPollMs + 2_000,
      );
      expect(a.links().map((l) => l.carrier)).not.toContain('vodafone');
      expect(sim.sessions).toBe(2);
    } finally {
      await other.close();
    }
  });
});
