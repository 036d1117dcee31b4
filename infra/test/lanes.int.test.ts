import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';

// A slow SMSC (every submit_sm_resp waits 300 ms: about 33 submits/s through a window of 10) keeps a
// backlog in the pipeline long enough to watch the order in which the simulator receives submits:
// that order is what the tests assert. It must drain well below what REST takes in on a busy machine.
let t: TestDatabase;
let stack: Stack;

beforeAll(async () => {
  t = await createTestDatabase('lanes');
  stack = await startStack({ databaseUrl: t.url, simulator: { responseDelayMs: 300, receiptDelayMs: 50 } });
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

function keyOf(slug: string): string {
  const agency = stack.demo.agencies.find((a) => a.slug === slug);
  if (!agency) throw new Error(`no demo agency ${slug}`);
  return agency.apiKey;
}

async function post(apiKey: string, body: object): Promise<void> {
  const res = await fetch(`${stack.baseUrl}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`POST /v1/messages answered ${res.status}: ${await res.text()}`);
}

/** Posts `count` messages to `<prefix><i>`, 20 requests at a time. */
async function flood(apiKey: string, prefix: string, count: number, extra: object): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = next++; i < count; i = next++)
        await post(apiKey, { to: `${prefix}${String(i).padStart(5, '0')}`, text: `Aviso ${i}`, ...extra });
    }),
  );
}

/** Destinations the simulator received, in order, without the leading '+'. */
const received = (): string[] => stack.simulator.submits.map((s) => s.destination);
const countOf = (dest: string[], prefix: string) => dest.filter((d) => d.startsWith(prefix)).length;

async function until(what: string, ok: () => boolean, timeoutMs = 25_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('per-agency fairness within a lane', () => {
  it("submits a second agency's transactional messages while the first agency's flood still drains", async () => {
    const floodSize = 1_000;
    await flood(keyOf('salut-valencia'), '+346200', floodSize, { service: 'citas' });
    const atRequest = received().length;
    expect(countOf(received(), '346200')).toBeLessThan(floodSize / 2); // the flood is a real backlog
    await flood(keyOf('educacion-sevilla'), '+346300', 10, {});

    await until('the second agency', () => countOf(received(), '346300') === 10);
    const dest = received();
    const lastOfB = dest.findLastIndex((d) => d.startsWith('346300'));
    const floodBeforeB = countOf(dest.slice(0, lastOfB), '346200');
    // B did not wait for A's backlog: less than half of what A still had queued when B asked went
    // out before B's last message (first come, first served would send all of it first).
    const aheadOfB = floodSize - countOf(dest.slice(0, atRequest), '346200');
    expect(floodBeforeB).toBeLessThan(floodSize);
    expect(floodBeforeB - (floodSize - aheadOfB)).toBeLessThan(aheadOfB / 2);

    await until('the flood to drain', () => countOf(received(), '346200') === floodSize, 90_000);
  }, 150_000);
});

describe('lanes', () => {
  it('submits an emergency alert and another agency transactional message ahead of a bulk backlog', async () => {
    const backlog = 2_000;
    await flood(keyOf('salut-valencia'), '+346100', backlog, { service: 'citas', lane: 'bulk' });
    const atRequest = received().length;
    expect(countOf(received(), '346100')).toBeLessThan(backlog / 2);

    await Promise.all([
      post(keyOf('ajuntament-alzira'), {
        to: '+34699000001',
        text: 'Alerta: corte de agua en el centro',
        service: 'alertas',
        lane: 'emergency',
      }),
      post(keyOf('educacion-sevilla'), { to: '+34699000002', text: 'Falta de asistencia: Marta' }),
    ]);

    await until('the alert and the transactional message', () =>
      ['34699000001', '34699000002'].every((d) => received().includes(d)),
    );
    const dest = received();
    for (const urgent of ['34699000001', '34699000002']) {
      const at = dest.indexOf(urgent);
      const bulkBefore = countOf(dest.slice(0, at), '346100');
      expect(bulkBefore, urgent).toBeLessThan(backlog);
      // Only what was already on the wire or next in the windows went first, not the backlog.
      expect(bulkBefore - countOf(dest.slice(0, atRequest), '346100'), urgent).toBeLessThan(150);
    }
  }, 60_000);
});
