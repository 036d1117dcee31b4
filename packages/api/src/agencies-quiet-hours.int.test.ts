import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;

beforeAll(async () => {
  p = await startRouterTest('api_quiet_hours');
  await p.t
    .sql`insert into services (tenant_id, slug, name, type) values (${p.health.agency.id}, 'citas', 'Citas', 'health')`;
});

afterAll(async () => {
  await p?.close();
});

const quietHours = async (slug: string) =>
  (
    await p.t.sql<{ quiet_hours_start: string | null; quiet_hours_end: string | null }[]>`
      select quiet_hours_start, quiet_hours_end from agencies where slug = ${slug}`
  )[0];

describe('agencies.setQuietHours', () => {
  it("lets an agency admin set and clear their own agency's quiet hours", async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    expect(await admin.agencies.setQuietHours({ start: '21:00', end: '08:00' })).toEqual({
      agency: 'salud',
      service: null,
      start: '21:00',
      end: '08:00',
      timezone: 'Europe/Madrid',
    });
    expect(await quietHours('salud')).toEqual({ quiet_hours_start: '21:00', quiet_hours_end: '08:00' });
    expect(await quietHours('educacion')).toEqual({ quiet_hours_start: null, quiet_hours_end: null });
    await admin.agencies.setQuietHours({ start: null, end: null });
    expect(await quietHours('salud')).toEqual({ quiet_hours_start: null, quiet_hours_end: null });
  });

  it("sets a service's own window", async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    await admin.agencies.setQuietHours({ serviceSlug: 'citas', start: '22:00', end: '07:00' });
    const [row] = await p.t.sql<{ quiet_hours_start: string }[]>`
      select quiet_hours_start from services where slug = 'citas'`;
    expect(row?.quiet_hours_start).toBe('22:00');
  });

  it('rejects a malformed window with BAD_REQUEST and changes nothing', async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    await admin.agencies.setQuietHours({ start: '21:00', end: '08:00' });
    await expect(admin.agencies.setQuietHours({ start: '21:00', end: null })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.agencies.setQuietHours({ start: '25:00', end: '08:00' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await quietHours('salud')).toEqual({ quiet_hours_start: '21:00', quiet_hours_end: '08:00' });
  });

  it('refuses operators, and admins acting as an agency they are not members of', async () => {
    const operator = await seedUser(p, 'op@example.test', [{ agency: 'salud', role: 'operator' }]);
    await expect(
      callerAs(p.services, { token: operator.token }).agencies.setQuietHours({ start: null, end: null }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      callerAs(p.services, { token: p.health.token, agency: 'educacion' }).agencies.setQuietHours({
        start: '21:00',
        end: '08:00',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await quietHours('educacion')).toEqual({ quiet_hours_start: null, quiet_hours_end: null });
  });
});
