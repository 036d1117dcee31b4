import { addInboundNumber, addKeyword, addRoute, createService } from '@pregon/services';
import { type InboundEngine, inboundEngine } from '@pregon/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerAs,
  type SeededAgency,
  seedAgency,
  startTestPlatform,
  type TestPlatform,
} from './testing/platform-fixture.ts';

let p: TestPlatform;
let engine: InboundEngine;
let alzira: SeededAgency;
let schools: SeededAgency;
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  p = await startTestPlatform('api_inbound');
  // The keyword engine's replies and webhooks enqueue jobs this test does not run.
  engine = await inboundEngine(p.services, {
    maxPerWindow: 3,
    windowSeconds: 600,
    repliesPerHour: 50,
    autoReplySeconds: 0,
  });
  // The engine prepares its replies at once: with a route they end queued for the carrier.
  await addRoute({ ctx: p.services, input: { prefix: '+34', carrier: 'movistar' }, actor: cli });
  alzira = await seedAgency(p, 'alzira', 'ALZIRA');
  schools = await seedAgency(p, 'educacion', 'EDUCA');
  await createService({
    ctx: p.services,
    input: { agencySlug: 'alzira', slug: 'alertas', name: 'Alertas', type: 'city-alerts' },
    actor: cli,
  });
  await addInboundNumber({
    ctx: p.services,
    input: { agencySlug: 'alzira', number: '21700', serviceSlug: 'alertas' },
    actor: cli,
  });
  await addKeyword({
    ctx: p.services,
    input: {
      number: '21700',
      serviceSlug: 'alertas',
      keyword: 'ALERTAS',
      arg: { attribute: 'district', values: ['CENTRO', 'NORTE'] },
    },
    actor: cli,
  });
});
afterAll(async () => {
  await p?.close();
});

let clock = Date.parse('2026-03-01T10:00:00Z');

/** Stores one MO to 21700 as the gateway does and runs the keyword engine on it. */
function mo(source: string, text: string): Promise<string> {
  clock += 1000;
  return engine.mo({ source, destination: '21700', text, receivedAt: new Date(clock) });
}

describe('inbound router (MO log)', () => {
  it('shows, newest first, what the keyword engine did with each MO', async () => {
    const join = await mo('+34600000001', 'alertas  centro!');
    const typo = await mo('+34600000002', 'alertsa norte');
    const help = await mo('+34600000001', 'ayuda');
    const stop = await mo('+34600000001', 'BAJA');
    const unknown = await mo('+34600000003', 'hola que tal');
    const flood = [];
    for (let i = 0; i < 4; i++) flood.push(await mo('+34600000009', 'AYUDA'));

    const admin = callerAs(p.services, { token: alzira.token });
    const log = await admin.inbound.list({ limit: 50 });
    const byId = new Map(log.map((r) => [r.id, r]));
    expect(log[0]?.id).toBe(flood[3]);
    expect(byId.get(join)).toMatchObject({
      from: '+34600000001',
      to: '21700',
      text: 'alertas  centro!',
      service: 'alertas',
      reading: { kind: 'keyword', keyword: 'ALERTAS', args: ['CENTRO'], typo: false },
      joined: 'alertas',
      optedOut: [],
      unanswered: null,
      reply: { status: 'queued' },
    });
    expect(byId.get(typo)?.reading).toEqual({
      kind: 'keyword',
      keyword: 'ALERTAS',
      args: ['NORTE'],
      typo: true,
    });
    expect(byId.get(help)?.reading.kind).toBe('help');
    expect(byId.get(stop)).toMatchObject({ reading: { kind: 'stop' }, optedOut: [{ service: 'alertas' }] });
    expect(byId.get(unknown)).toMatchObject({ reading: { kind: 'unknown' }, joined: null });
    expect(byId.get(unknown)?.reply?.text).toContain('ALERTAS');
    // The fourth AYUDA within the window is a flood: one "slow down" reply, audited as rate limited.
    expect(byId.get(flood[2] ?? '')?.unanswered).toBeNull();
    expect(byId.get(flood[3] ?? '')?.unanswered).toBe('rate_limited');

    const page = await admin.inbound.list({ limit: 2, before: log[1]?.id });
    expect(page.map((r) => r.id)).toEqual([log[2]?.id, log[3]?.id]);
    // Another agency sees none of it.
    expect(await callerAs(p.services, { token: schools.token }).inbound.list()).toEqual([]);
  });

  it('names the STOP message of an opt-out and counts the messages it blocked', async () => {
    const admin = callerAs(p.services, { token: alzira.token });
    const stopId = await mo('+34600000004', 'PARAR');
    // Sends with no service from the number the STOP went to, rejected after it; one to someone else.
    for (const to of ['+34600000004', '+34600000004', '+34600000005'])
      await p.t.sql`insert into messages (tenant_id, to_phone, from_addr, body, status, reason, created_at)
        values (${alzira.agency.id}, ${to}, '21700', 'aviso', 'rejected', 'opted_out', now() + interval '1 minute')`;
    const ledger = await admin.optOuts.list();
    const row = ledger.find((o) => o.phone === '+34600000004');
    expect(row).toMatchObject({ via: { inboundMessageId: stopId, text: 'PARAR' }, blocked: 2 });
  });
});
