import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;

beforeAll(async () => {
  p = await startRouterTest('api_schedules', { queue: true });
});
afterAll(async () => {
  await p?.close();
});

describe('schedules router', () => {
  it('creates, shows the next runs, disables and deletes, and keeps agencies apart', async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    const s = await admin.schedules.create({
      name: 'ausencias',
      cron: '0 9 * * 1-5',
      timezone: 'America/New_York',
      message: { to: '+34600000001', text: 'Parte de ausencias' },
    });
    expect(s).toMatchObject({ timezone: 'America/New_York', createdBy: expect.stringMatching(/^user:/) });
    const one = await admin.schedules.get({ schedule: 'ausencias' });
    expect(one.nextRuns).toHaveLength(5);
    for (const run of one.nextRuns) expect([13, 14]).toContain(new Date(run).getUTCHours()); // 09:00 EDT/EST
    expect(await admin.schedules.setEnabled({ schedule: s.id, enabled: false })).toMatchObject({
      enabled: false,
    });

    const other = callerAs(p.services, { token: p.schools.token });
    expect(await other.schedules.list()).toEqual([]);
    await expect(other.schedules.delete({ schedule: s.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await admin.schedules.delete({ schedule: 'ausencias' });
    expect(await admin.schedules.list()).toEqual([]);
  });

  it('lets viewers read but not change schedules', async () => {
    const { token } = await seedUser(p, 'viewer@salud.example.test', [{ agency: 'salud', role: 'viewer' }]);
    const viewer = callerAs(p.services, { token });
    expect(await viewer.schedules.list()).toEqual([]);
    await expect(
      viewer.schedules.create({ name: 'x', cron: '0 9 * * *', message: { to: '+34600000001', text: 'x' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('sends a relative reminder through messages.send', async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const sent = await admin.messages.send({
      to: '+34600000001',
      text: 'Cita',
      remind: { at, before: 'PT24H' },
    });
    expect(sent.status).toBe('scheduled');
    await expect(
      admin.messages.send({ to: '+34600000001', text: 'Cita', sendAt: at, remind: { at, before: 'PT24H' } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
