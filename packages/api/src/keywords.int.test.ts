import { addInboundNumber, createService } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  p = await startRouterTest('api_keywords');
  for (const [agencySlug, slug, type] of [
    ['salud', 'citas', 'health'],
    ['educacion', 'faltas', 'education'],
  ] as const)
    await createService({
      ctx: p.services,
      input: { agencySlug, slug, name: `Servicio ${slug}`, type },
      actor: cli,
    });
  // 21700 is shared by both agencies; 21800 is dedicated to salud's citas.
  await addInboundNumber({ ctx: p.services, input: { agencySlug: 'salud', number: '21700' }, actor: cli });
  await addInboundNumber({
    ctx: p.services,
    input: { agencySlug: 'educacion', number: '21700' },
    actor: cli,
  });
  await addInboundNumber({
    ctx: p.services,
    input: { agencySlug: 'salud', number: '21800', serviceSlug: 'citas' },
    actor: cli,
  });
});
afterAll(async () => {
  await p?.close();
});

describe('keywords router', () => {
  it("adds a keyword with aliases and an argument and lists it under the agency's number", async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    const added = await admin.keywords.add({
      number: '21700',
      serviceSlug: 'citas',
      keyword: 'Citas',
      language: 'es',
      aliases: [{ word: 'cites', language: 'ca' }],
      arg: { attribute: 'district', values: ['Centro', 'Norte'] },
    });
    expect(added).toMatchObject({ agency: 'salud', keyword: 'CITAS', words: ['CITAS:es', 'CITES:ca'] });

    const numbers = await admin.keywords.list();
    expect(numbers.map((n) => [n.number, n.kind, n.dedicatedService])).toEqual([
      ['21700', 'shared', null],
      ['21800', 'dedicated', 'citas'],
    ]);
    expect(numbers[0]?.keywords).toEqual([
      expect.objectContaining({
        keyword: 'CITAS',
        language: 'es',
        service: 'citas',
        serviceName: 'Servicio citas',
        aliases: [{ word: 'CITES', language: 'ca' }],
        arg: { attribute: 'district', values: ['Centro', 'Norte'] },
        doubleOptIn: false,
      }),
    ]);
    expect(numbers[1]?.keywords).toEqual([]);
  });

  it("says which word collides on a shared number, and never shows another agency's keywords", async () => {
    const other = callerAs(p.services, { token: p.schools.token });
    await expect(
      other.keywords.add({
        number: '21700',
        serviceSlug: 'faltas',
        keyword: 'FALTAS',
        aliases: [{ word: 'citas', language: 'es' }],
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'CITAS is already a keyword on 21700 (another agency)',
    });
    // Nothing of the refused keyword was written.
    const mine = await other.keywords.list();
    expect(mine).toEqual([{ number: '21700', kind: 'shared', dedicatedService: null, keywords: [] }]);
    // A service of another agency cannot be reached, even by slug on a shared number.
    await expect(
      other.keywords.add({ number: '21700', serviceSlug: 'citas', keyword: 'OTRA' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('explains a bad word and refuses operators', async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    await expect(
      admin.keywords.add({ number: '21800', serviceSlug: 'citas', keyword: 'BAJA' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('BAJA is reserved'),
    });
    const { token } = await seedUser(p, 'op@salud.example.test', [{ agency: 'salud', role: 'operator' }]);
    await expect(
      callerAs(p.services, { token }).keywords.add({
        number: '21800',
        serviceSlug: 'citas',
        keyword: 'RECORDAR',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Operators still read the configuration.
    expect(await callerAs(p.services, { token }).keywords.list()).toHaveLength(2);
  });

  it("lists only the agency's own services", async () => {
    expect(await callerAs(p.services, { token: p.health.token }).services.list()).toEqual([
      { slug: 'citas', name: 'Servicio citas', type: 'health' },
    ]);
  });
});
