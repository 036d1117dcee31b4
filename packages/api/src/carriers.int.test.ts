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
  p = await startTestPlatform('api_carriers');
  agencyToken = (await seedAgency(p, 'salud')).token;
  adminToken = (await seedPlatformAdmin(p)).token;
});
afterAll(async () => {
  await p?.close();
});

const input = { name: 'vodafone', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'zq8w7e6r' };

describe('carriers (tRPC)', () => {
  it('lets only platform admins add, update, enable or route carriers', async () => {
    const agency = callerAs(p.services, { token: agencyToken });
    await expect(agency.carriers.add(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(agency.carriers.update({ name: 'vodafone', tps: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(agency.carriers.setEnabled({ name: 'vodafone', enabled: false })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(agency.routes.add({ prefix: '+34', carrier: 'vodafone' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(callerAs(p.services).carriers.add(input)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const admin = callerAs(p.services, { token: adminToken });
    expect((await admin.carriers.list()).map((c) => c.name)).not.toContain('vodafone');
  });

  it('adds, updates, disables and routes a carrier without ever returning its password', async () => {
    const admin = callerAs(p.services, { token: adminToken });
    const added = await admin.carriers.add({ ...input, pricePerSegment: 0.03, destTon: 0 });
    expect(added).toMatchObject({ name: 'vodafone', pricePerSegment: 0.03, destTon: 0, destNpi: 1 });
    const updated = await admin.carriers.update({ name: 'vodafone', window: 40, password: 'n3wpassw' });
    expect(updated).toMatchObject({ window: 40, pricePerSegment: 0.03 });
    expect(await admin.carriers.setEnabled({ name: 'vodafone', enabled: false })).toEqual({
      name: 'vodafone',
      enabled: false,
    });
    const route = await admin.routes.add({ prefix: '+34', carrier: 'vodafone', agencySlug: 'salud' });
    expect(route).toMatchObject({ prefix: '+34', carrier: 'vodafone', agency: 'salud' });
    const listed = await admin.carriers.list();
    expect(listed.find((c) => c.name === 'vodafone')).toMatchObject({
      enabled: false,
      window: 40,
      routes: [{ prefix: '+34', priority: 1, agencyId: expect.any(String) }],
    });
    const seen = JSON.stringify([added, updated, listed]);
    expect(seen).not.toContain('zq8w7e6r');
    expect(seen).not.toContain('n3wpassw');
    expect(seen).not.toContain('enc:v1');
  });

  it('answers bad input and unknown carriers with typed errors', async () => {
    const admin = callerAs(p.services, { token: adminToken });
    await expect(admin.carriers.add({ ...input, name: 'vodafone' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(admin.carriers.add({ ...input, name: 'x', port: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.carriers.update({ name: 'nope', tps: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(admin.routes.add({ prefix: '+34', carrier: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
