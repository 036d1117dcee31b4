import { createService } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;

beforeAll(async () => {
  p = await startRouterTest('api_broadcasts', { queue: true });
  const svc = await createService({
    ctx: p.services,
    input: { agencySlug: 'salud', slug: 'alertas', name: 'Alertas', type: 'city-alerts' },
    actor: { kind: 'cli' },
  });
  await p.t.sql`
    insert into subscribers (tenant_id, service_id, phone, status, language, attributes)
    select ${p.health.agency.id}, ${svc.id}, '+3462' || lpad(i::text, 7, '0'), 'active', 'ca',
      jsonb_build_object('zona', (i % 3)::text)
    from generate_series(1, 30) as i`;
});

afterAll(async () => {
  await p?.close();
});

describe('broadcasts and savedLists routers', () => {
  it('saves a list, previews it, broadcasts to it and steers the broadcast', async () => {
    const caller = callerAs(p.services, { token: p.health.token });
    const list = await caller.savedLists.create({
      service: 'alertas',
      name: 'Zona 1',
      filter: { zona: '1' },
    });
    expect(await caller.savedLists.preview({ id: list.id })).toMatchObject({ count: 10 });
    expect((await caller.savedLists.list()).lists.map((l) => l.name)).toEqual(['Zona 1']);

    const created = await caller.broadcasts.create({
      service: 'alertas',
      name: 'Inundación',
      lane: 'emergency',
      target: { kind: 'saved_list', listId: list.id },
      templates: { ca: 'Alerta per inundació a la zona {{zona}}' },
    });
    expect(created.status).toBe('running');
    const view = await caller.broadcasts.get({ id: created.id });
    expect(view).toMatchObject({ lane: 'emergency', defaultLanguage: 'ca', progress: { remaining: 0 } });
    expect((await caller.broadcasts.list()).broadcasts.map((b) => b.id)).toEqual([created.id]);
    expect((await caller.broadcasts.pause({ id: created.id })).status).toBe('paused');
    expect((await caller.broadcasts.resume({ id: created.id })).status).toBe('running');
    expect((await caller.broadcasts.cancel({ id: created.id })).status).toBe('cancelled');
  });

  it('hides one agency’s broadcasts from another and lets viewers only watch', async () => {
    const caller = callerAs(p.services, { token: p.health.token });
    const { id } = await caller.broadcasts.create({
      service: 'alertas',
      name: 'Aviso',
      target: { kind: 'service' },
      templates: { es: 'Aviso' },
    });
    const other = callerAs(p.services, { token: p.schools.token });
    await expect(other.broadcasts.get({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.broadcasts.cancel({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await other.savedLists.list()).lists).toEqual([]);
    const viewer = await seedUser(p, 'viewer@example.test', [{ agency: 'salud', role: 'viewer' }]);
    const watching = callerAs(p.services, { token: viewer.token });
    expect((await watching.broadcasts.get({ id })).id).toBe(id);
    await expect(watching.broadcasts.cancel({ id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      watching.broadcasts.create({
        service: 'alertas',
        name: 'x',
        target: { kind: 'service' },
        templates: { es: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
