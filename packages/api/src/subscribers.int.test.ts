import { createService } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;

beforeAll(async () => {
  p = await startRouterTest('api_subscribers');
  await createService({
    ctx: p.services,
    input: { agencySlug: 'salud', slug: 'citas', name: 'Citas', type: 'health' },
    actor: { kind: 'cli' },
  });
});
afterAll(async () => {
  await p?.close();
});

describe('subscribers router', () => {
  it('lets an operator validate, import and export a list', async () => {
    const { token } = await seedUser(p, 'op@salud.example.test', [{ agency: 'salud', role: 'operator' }]);
    const op = callerAs(p.services, { token });
    const csv = 'phone,language,zone\n+34600000701,ca,Ribera\n';
    expect(await op.subscribers.import({ serviceSlug: 'citas', csv, mode: 'validate' })).toMatchObject({
      valid: 1,
      imported: 0,
    });
    expect(await op.subscribers.import({ serviceSlug: 'citas', csv, mode: 'import' })).toMatchObject({
      imported: 1,
    });
    expect(await op.subscribers.export({ serviceSlug: 'citas' })).toEqual({
      csv: 'phone,language,zone\r\n+34600000701,ca,Ribera\r\n',
      rows: 1,
    });
    const admin = callerAs(p.services, { token: p.health.token });
    expect((await admin.subscribers.export({ serviceSlug: 'citas' })).rows).toBe(1);
  });

  it('refuses viewers and never reaches another agency', async () => {
    const { token } = await seedUser(p, 'viewer@salud.example.test', [{ agency: 'salud', role: 'viewer' }]);
    await expect(
      callerAs(p.services, { token }).subscribers.export({ serviceSlug: 'citas' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const other = callerAs(p.services, { token: p.schools.token });
    await expect(other.subscribers.export({ serviceSlug: 'citas' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      other.subscribers.import({ serviceSlug: 'citas', csv: 'phone\n+34600000702\n', mode: 'import' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
