import { carrierLinks, carriers } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noJobQueue, type ServiceContext } from '../context.ts';
import { claimBindSlots, releaseBindSlots } from './leases.ts';
import { reportLinkStates } from './link-state.ts';

let t: TestDatabase;
let ctx: ServiceContext;

beforeAll(async () => {
  t = await createTestDatabase('bind_leases');
  ctx = { db: t.db, queue: noJobQueue };
}, 60_000);

afterAll(async () => {
  await t?.drop();
});

async function newCarrier(name: string): Promise<string> {
  const [row] = await t.db
    .insert(carriers)
    .values({ name, host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'x', binds: 2 })
    .returning({ id: carriers.id });
  if (!row) throw new Error('no carrier row');
  return row.id;
}

const LONG = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(carrierId: string, holder: string, ordinal: number, leaseMs = LONG) {
  return {
    carrierId,
    ordinal,
    state: 'bound',
    holder,
    outstanding: 0,
    submitted: 0,
    lastError: null,
    lastEnquireLinkAt: null,
    leaseMs,
  };
}

describe('bind leases', () => {
  it('gives each slot to exactly one of many gateways claiming at once', async () => {
    const carrierId = await newCarrier('race');
    const holders = Array.from({ length: 8 }, (_, i) => `gw-${i}`);
    const won = await Promise.all(
      holders.map((holder) =>
        claimBindSlots({ ctx, input: { holder, carrierId, ordinals: [0, 1], leaseMs: LONG } }),
      ),
    );
    expect(won.flat().sort()).toEqual([0, 1]);
    const rows = await t.db.select().from(carrierLinks).where(eq(carrierLinks.carrierId, carrierId));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(holders[won.findIndex((w) => w.includes(row.ordinal))]).toBe(row.holder);
  });

  it('keeps a live lease from others, renews it for its holder, and frees it on expiry', async () => {
    const carrierId = await newCarrier('expiry');
    expect(
      await claimBindSlots({ ctx, input: { holder: 'a', carrierId, ordinals: [0, 1], leaseMs: LONG } }),
    ).toEqual([0, 1]);
    expect(
      await claimBindSlots({ ctx, input: { holder: 'b', carrierId, ordinals: [0, 1], leaseMs: LONG } }),
    ).toEqual([]);
    // Claiming again is how a holder keeps what it has.
    expect(
      await claimBindSlots({ ctx, input: { holder: 'a', carrierId, ordinals: [0, 1], leaseMs: LONG } }),
    ).toEqual([0, 1]);
    // Slot 1's lease runs out (its holder stopped renewing): b takes it, slot 0 stays a's.
    await reportLinkStates({ ctx, input: [report(carrierId, 'a', 1, 1)] });
    await sleep(20);
    expect(
      await claimBindSlots({ ctx, input: { holder: 'b', carrierId, ordinals: [0, 1], leaseMs: LONG } }),
    ).toEqual([1]);
    const rows = await t.db.select().from(carrierLinks).where(eq(carrierLinks.carrierId, carrierId));
    expect(rows.find((r) => r.ordinal === 1)).toMatchObject({ holder: 'b', state: 'unbound' });
  });

  it('tells a holder which slots it lost when it reports, and leaves the new holder alone', async () => {
    const carrierId = await newCarrier('lost');
    await claimBindSlots({ ctx, input: { holder: 'a', carrierId, ordinals: [0, 1], leaseMs: 1 } });
    await sleep(20);
    expect(
      await claimBindSlots({ ctx, input: { holder: 'b', carrierId, ordinals: [1], leaseMs: LONG } }),
    ).toEqual([1]);
    const held = await reportLinkStates({
      ctx,
      input: [report(carrierId, 'a', 0), report(carrierId, 'a', 1)],
    });
    expect(held).toEqual([{ carrierId, ordinal: 0 }]);
    const rows = await t.db.select().from(carrierLinks).where(eq(carrierLinks.carrierId, carrierId));
    expect(rows.find((r) => r.ordinal === 1)).toMatchObject({ holder: 'b', state: 'unbound' });
    expect(rows.find((r) => r.ordinal === 0)).toMatchObject({ holder: 'a', state: 'bound' });
  });

  it('hands released slots to the next claimer at once', async () => {
    const carrierId = await newCarrier('release');
    await claimBindSlots({ ctx, input: { holder: 'a', carrierId, ordinals: [0, 1], leaseMs: LONG } });
    expect(await releaseBindSlots({ ctx, input: { holder: 'a', carrierId } })).toBe(2);
    // A released slot is not renewed by a late report of its old holder.
    expect(await reportLinkStates({ ctx, input: [report(carrierId, 'a', 0)] })).toEqual([]);
    expect(
      await claimBindSlots({ ctx, input: { holder: 'b', carrierId, ordinals: [0, 1], leaseMs: LONG } }),
    ).toEqual([0, 1]);
  });
});
