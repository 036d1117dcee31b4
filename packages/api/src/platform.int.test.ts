import { addCarrier, addRoute, reportLinkStates } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerAs,
  seedAgency,
  seedPlatformAdmin,
  startTestPlatform,
  type TestPlatform,
} from './testing/platform-fixture.ts';

let p: TestPlatform;
let adminToken: string;
let agencyToken: string;

beforeAll(async () => {
  p = await startTestPlatform('api_platform');
  agencyToken = (await seedAgency(p, 'salud')).token;
  await seedAgency(p, 'ayuntamiento');
  adminToken = (await seedPlatformAdmin(p)).token;
});

afterAll(async () => {
  await p?.close();
});

describe('platform', () => {
  it('forbids agency users from platform data', async () => {
    const caller = callerAs(p.services, { token: agencyToken });
    await expect(caller.agencies.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller.carriers.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('shows the platform admin every agency', async () => {
    const caller = callerAs(p.services, { token: adminToken });
    expect(await caller.auth.me()).toMatchObject({ isPlatformAdmin: true });
    const agencies = await caller.agencies.list();
    expect(agencies.map((a) => a.slug).sort()).toEqual(['ayuntamiento', 'pregon', 'salud']);
    const salud = agencies.find((a) => a.slug === 'salud');
    expect(salud).toMatchObject({ kind: 'agency', members: 1, messages: 0, activeApiKeys: 0 });
    expect(new Date(salud?.createdAt ?? '').toISOString()).toBe(salud?.createdAt);
  });

  it("defaults a platform admin to the operator's own agency", async () => {
    const caller = callerAs(p.services, { token: adminToken });
    await expect(caller.messages.list()).resolves.toEqual([]);
    // Being platform admin does not make one a member of every agency.
    await expect(
      callerAs(p.services, { token: adminToken, agency: 'salud' }).messages.list(),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('shows carriers with their routes and live link states, never their passwords', async () => {
    const carrier = await addCarrier({
      ctx: p.services,
      input: { name: 'simulador', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw9x7q2z' },
      actor: { kind: 'cli' },
    });
    await addRoute({
      ctx: p.services,
      input: { prefix: '+34', carrier: 'simulador' },
      actor: { kind: 'cli' },
    });
    await reportLinkStates({
      ctx: p.services,
      input: [
        {
          carrierId: carrier.id,
          ordinal: 0,
          state: 'bound',
          holder: 'gw-1',
          outstanding: 0,
          submitted: 3,
          lastError: null,
        },
      ],
    });
    const carriers = await callerAs(p.services, { token: adminToken }).carriers.list();
    const sim = carriers.find((c) => c.name === 'simulador');
    expect(sim).toMatchObject({
      host: '127.0.0.1',
      port: 2775,
      routes: [{ prefix: '+34', priority: 1 }],
      links: [{ ordinal: 0, state: 'bound', submitted: 3 }],
    });
    expect(new Date(sim?.links[0]?.heartbeatAt ?? '').toISOString()).toBe(sim?.links[0]?.heartbeatAt);
    expect(JSON.stringify(carriers)).not.toContain('pw9x7q2z');
  });
});
