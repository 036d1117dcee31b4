import { randomBytes } from 'node:crypto';
import { carriers, routes } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { noJobQueue, type ServiceContext } from '../context.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { addCarrier } from './add.ts';
import { addRoute } from './add-route.ts';
import { loadCarriersForBinding } from './link-state.ts';
import { listCarriers } from './list.ts';
import { setCarrierEnabled, updateCarrier } from './update.ts';

let t: TestDatabase;
let ctx: ServiceContext;
const cli = { kind: 'cli' } as const;
const unique = (base: string) => `${base}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  t = await createTestDatabase('services_carriers');
  ctx = { db: t.db, queue: noJobQueue, secrets: createCarrierSecrets(randomBytes(32)) };
});
afterAll(async () => {
  await t?.drop();
});

const storedPassword = async (name: string) =>
  (await t.db.select({ pw: carriers.password }).from(carriers).where(eq(carriers.name, name)))[0]?.pw;
const forBinding = async (name: string, c: ServiceContext = ctx) =>
  (await loadCarriersForBinding({ ctx: c })).find((x) => x.name === name);
const base = (name: string) => ({
  name,
  host: '127.0.0.1',
  port: 2775,
  systemId: 'pregon',
  password: 'pw9x7q2z',
});

describe('carrier passwords at rest', () => {
  it('stores them sealed, returns them to nobody but the link supervisor', async () => {
    const name = unique('movistar');
    const added = await addCarrier({ ctx, input: base(name), actor: cli });
    expect(JSON.stringify(added)).not.toContain('pw9x7q2z');
    expect(added).not.toHaveProperty('password');
    expect(await storedPassword(name)).toMatch(/^enc:v1:/);
    expect(JSON.stringify(await listCarriers({ ctx }))).not.toContain('pw9x7q2z');
    expect((await forBinding(name))?.password).toBe('pw9x7q2z');
  });

  it('cannot store or open one without a key, and not with another key', async () => {
    const keyless: ServiceContext = { db: t.db, queue: noJobQueue };
    await expect(addCarrier({ ctx: keyless, input: base(unique('c')), actor: cli })).rejects.toThrow(
      /no carrier secret key/,
    );
    await expect(loadCarriersForBinding({ ctx: keyless })).rejects.toThrow(/no carrier secret key/);
    const other = { ...keyless, secrets: createCarrierSecrets(randomBytes(32)) };
    await expect(loadCarriersForBinding({ ctx: other })).rejects.toThrow(/does not open/);
  });

  it('keeps legacy plaintext rows working and seals them on their next update', async () => {
    const name = unique('legacy');
    await t.db.insert(carriers).values({ ...base(name), password: 'oldpw' });
    expect((await forBinding(name))?.password).toBe('oldpw');
    await updateCarrier({ ctx, input: { name, window: 20 }, actor: cli });
    expect(await storedPassword(name)).toMatch(/^enc:v1:/);
    expect(await forBinding(name)).toMatchObject({ password: 'oldpw', window: 20 });
  });
});

describe('carrier settings', () => {
  it('adds every setting, updates only the named ones, and can change the password', async () => {
    const name = unique('vodafone');
    await addCarrier({
      ctx,
      input: {
        ...base(name),
        systemType: 'SMPP',
        bindMode: 'tx+rx',
        binds: 2,
        window: 50,
        tps: 100,
        idNotation: 'hex',
        encoding: 'gsm7+spanish-shift',
        pricePerSegment: 0.0125,
        destTon: 0,
        destNpi: 1,
        tls: true,
      },
      actor: cli,
    });
    const updated = await updateCarrier({
      ctx,
      input: { name, tps: 10, destTon: 2, pricePerSegment: 0.02, password: 'newpw' },
      actor: cli,
    });
    expect(updated).toMatchObject({ tps: 10, destTon: 2, pricePerSegment: '0.02000', window: 50 });
    const view = (await listCarriers({ ctx })).find((c) => c.name === name);
    expect(view).toMatchObject({
      systemType: 'SMPP',
      bindMode: 'tx+rx',
      binds: 2,
      window: 50,
      tps: 10,
      idNotation: 'hex',
      encoding: 'gsm7+spanish-shift',
      pricePerSegment: 0.02,
      destTon: 2,
      destNpi: 1,
      tls: true,
    });
    expect((await forBinding(name))?.password).toBe('newpw');
  });

  it('refuses bad values and unknown carriers', async () => {
    await expect(
      updateCarrier({ ctx, input: { name: unique('nope'), tps: 1 }, actor: cli }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      addCarrier({ ctx, input: { ...base(unique('c')), destTon: 9 }, actor: cli }),
    ).rejects.toThrow();
    await expect(
      setCarrierEnabled({ ctx, input: { name: unique('nope'), enabled: false }, actor: cli }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('disabling a carrier stops binding to it; enabling brings it back', async () => {
    const name = unique('orange');
    await addCarrier({ ctx, input: base(name), actor: cli });
    expect(await setCarrierEnabled({ ctx, input: { name, enabled: false }, actor: cli })).toEqual({
      name,
      enabled: false,
    });
    expect(await forBinding(name)).toBeUndefined();
    await setCarrierEnabled({ ctx, input: { name, enabled: true }, actor: cli });
    expect(await forBinding(name)).toBeDefined();
  });
});

describe('routes', () => {
  it('adds platform and per-agency routes for the same prefix; re-adding updates the priority', async () => {
    const name = unique('route-carrier');
    const carrier = await addCarrier({ ctx, input: base(name), actor: cli });
    const slug = unique('salud');
    const agency = await createAgency({ ctx, input: { slug, name: 'Salud' }, actor: cli });
    const platform = await addRoute({ ctx, input: { prefix: '+34', carrier: name }, actor: cli });
    expect(platform).toMatchObject({ prefix: '+34', carrier: name, priority: 1, agency: null });
    const own = await addRoute({
      ctx,
      input: { prefix: '+34', carrier: name, agencySlug: slug },
      actor: cli,
    });
    expect(own.agency).toBe(slug);
    // Same prefix, carrier and agency (NULL included): an update, not a second row.
    await addRoute({ ctx, input: { prefix: '+34', carrier: name, priority: 4 }, actor: cli });
    await addRoute({
      ctx,
      input: { prefix: '+34', carrier: name, priority: 2, agencySlug: slug },
      actor: cli,
    });
    const rows = await t.db.select().from(routes).where(eq(routes.carrierId, carrier.id));
    expect(
      rows
        .map((r) => ({ agencyId: r.agencyId, priority: r.priority }))
        .sort((a, b) => a.priority - b.priority),
    ).toEqual([
      { agencyId: agency.id, priority: 2 },
      { agencyId: null, priority: 4 },
    ]);
  });

  it('refuses an unknown agency, an unknown carrier and a bad prefix', async () => {
    const name = unique('c');
    await addCarrier({ ctx, input: base(name), actor: cli });
    await expect(
      addRoute({ ctx, input: { prefix: '+34', carrier: name, agencySlug: unique('nope') }, actor: cli }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      addRoute({ ctx, input: { prefix: '+34', carrier: unique('nope') }, actor: cli }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(addRoute({ ctx, input: { prefix: '34', carrier: name }, actor: cli })).rejects.toMatchObject(
      {
        code: 'BAD_REQUEST',
      },
    );
  });
});
