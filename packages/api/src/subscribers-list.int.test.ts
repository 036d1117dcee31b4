import { createService } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;

beforeAll(async () => {
  p = await startRouterTest('api_subscribers_list');
  await createService({
    ctx: p.services,
    input: { agencySlug: 'salud', slug: 'citas', name: 'Citas', type: 'health' },
    actor: { kind: 'cli' },
  });
  const csv = [
    'phone,language,zone',
    '+34600000105,ca,Ribera',
    '+34600000101,es,Centro',
    '+34600000103,en,Centro',
    '+34600000102,es,Ribera',
    '+34611000104,es,Centro',
  ].join('\n');
  const report = await callerAs(p.services, { token: p.health.token }).subscribers.import({
    serviceSlug: 'citas',
    csv,
    mode: 'import',
  });
  expect(report.imported).toBe(5);
  await p.t.sql`update subscribers set status = 'opted_out' where phone = '+34600000102'`;
});
afterAll(async () => {
  await p?.close();
});

const phones = (page: { subscribers: Array<{ phone: string }> }) => page.subscribers.map((s) => s.phone);

describe('subscribers.list', () => {
  it('pages by phone until the last page', async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    const first = await admin.subscribers.list({ serviceSlug: 'citas', limit: 2 });
    expect(phones(first)).toEqual(['+34600000101', '+34600000102']);
    expect(first.subscribers[0]).toMatchObject({
      status: 'active',
      language: 'es',
      attributes: { zone: 'Centro' },
    });
    const second = await admin.subscribers.list({ serviceSlug: 'citas', limit: 2, after: first.next ?? '' });
    expect(phones(second)).toEqual(['+34600000103', '+34600000105']);
    const last = await admin.subscribers.list({ serviceSlug: 'citas', limit: 2, after: second.next ?? '' });
    expect(phones(last)).toEqual(['+34611000104']);
    expect(last.next).toBeNull();
  });

  it('filters by status, language, attribute value and part of the phone', async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    const list = (filter: object) => admin.subscribers.list({ serviceSlug: 'citas', ...filter }).then(phones);
    expect(await list({ status: 'opted_out' })).toEqual(['+34600000102']);
    expect(await list({ language: 'es', status: 'active' })).toEqual(['+34600000101', '+34611000104']);
    expect(await list({ attribute: { name: 'zone', value: 'Centro' } })).toEqual([
      '+34600000101',
      '+34600000103',
      '+34611000104',
    ]);
    expect(await list({ phone: '611 000' })).toEqual(['+34611000104']);
    expect(await list({ attribute: { name: 'zone', value: 'Nowhere' } })).toEqual([]);
    await expect(list({ attribute: { name: 'Zone!', value: 'x' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('refuses viewers and other agencies', async () => {
    const { token } = await seedUser(p, 'viewer@salud.example.test', [{ agency: 'salud', role: 'viewer' }]);
    await expect(
      callerAs(p.services, { token }).subscribers.list({ serviceSlug: 'citas' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      callerAs(p.services, { token: p.schools.token }).subscribers.list({ serviceSlug: 'citas' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
