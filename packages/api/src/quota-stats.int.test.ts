import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedPlatformAdmin, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;
let adminToken: string;

beforeAll(async () => {
  p = await startRouterTest('api_quota_stats');
  adminToken = (await seedPlatformAdmin(p)).token;
  await p.t.sql`insert into daily_message_stats (tenant_id, day, lane, queued, delivered, segments, spend)
    values (${p.schools.agency.id}, '2026-03-10', 'bulk', 7, 6, 9, 0.45)`;
});

afterAll(async () => {
  await p?.close();
});

describe('quota', () => {
  it('lets a platform admin set an agency quota, and the agency read it', async () => {
    const admin = callerAs(p.services, { token: adminToken });
    const set = await admin.quota.set({
      agencySlug: 'salud',
      dailyMessages: { warn: 800, block: 1000 },
      monthlySpend: { block: 250 },
    });
    expect(set).toEqual({
      agency: 'salud',
      dailyMessages: { warn: 800, block: 1000 },
      monthlyMessages: { warn: null, block: null },
      monthlySpend: { warn: null, block: '250.00000' },
    });
    const status = await callerAs(p.services, { token: p.health.token }).quota.status();
    expect(status).toMatchObject({ agency: 'salud', timezone: 'Europe/Madrid' });
    expect(status.quotas.map((q) => [q.quota, q.used, q.warn, q.block, q.warned])).toEqual([
      ['daily_messages', 0, 800, 1000, false],
      ['monthly_messages', 0, null, null, false],
      ['monthly_spend', '0.00000', null, '250.00000', false],
    ]);
    expect((await admin.quota.statusOf({ agencySlug: 'salud' })).quotas[0]?.block).toBe(1000);
  });

  it('refuses agency users the setter and other agencies', async () => {
    const salud = callerAs(p.services, { token: p.health.token });
    await expect(
      salud.quota.set({ agencySlug: 'salud', dailyMessages: { block: null } }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(salud.quota.statusOf({ agencySlug: 'educacion' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      callerAs(p.services, { token: p.health.token, agency: 'educacion' }).quota.status(),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers a bad level with BAD_REQUEST', async () => {
    const admin = callerAs(p.services, { token: adminToken });
    await expect(
      admin.quota.set({ agencySlug: 'salud', dailyMessages: { block: -1 } }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('stats.daily', () => {
  it('shows an agency its own days only', async () => {
    const range = { from: '2026-03-01', to: '2026-03-31' };
    expect(await callerAs(p.services, { token: p.health.token }).stats.daily(range)).toEqual([]);
    expect(await callerAs(p.services, { token: p.schools.token }).stats.daily(range)).toEqual([
      {
        day: '2026-03-10',
        service: null,
        lane: 'bulk',
        queued: 7,
        delivered: 6,
        failed: 0,
        expired: 0,
        cancelled: 0,
        rejected: 0,
        unknown: 0,
        segments: 9,
        spend: '0.45000',
      },
    ]);
  });
});
