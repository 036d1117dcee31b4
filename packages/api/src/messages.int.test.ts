import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;

beforeAll(async () => {
  p = await startRouterTest('api_messages', { queue: true });
});

afterAll(async () => {
  await p?.close();
});

describe('messages', () => {
  it('sends a test message as the selected agency and lists it with its sender', async () => {
    const caller = callerAs(p.services, { token: p.health.token });
    const sent = await caller.messages.send({
      to: '+34600000001',
      text: 'Cita confirmada',
      reference: 'cita-1',
    });
    expect(sent.status).toBe('accepted');
    const list = await caller.messages.list();
    expect(list[0]).toMatchObject({
      id: sent.id,
      to: '+34600000001',
      from: 'SALUD',
      text: 'Cita confirmada',
      status: 'accepted',
    });
    const one = await caller.messages.get({ id: sent.id });
    expect(one).toMatchObject({ id: sent.id, reference: 'cita-1', history: [{ status: 'accepted' }] });
    expect(typeof one.createdAt).toBe('string');
    const [job] = await p.t.sql<{ data: { tenantId: string; messageIds: string[] } }[]>`
      select data from pgboss.job where name = 'message.prepare' and data->'messageIds' ? ${sent.id}`;
    expect(job?.data.tenantId).toBe(p.health.agency.id);
  });

  it("never shows one agency's messages to another", async () => {
    const sent = await callerAs(p.services, { token: p.health.token }).messages.send({
      to: '+34600000002',
      text: 'Privado',
    });
    const other = callerAs(p.services, { token: p.schools.token });
    const list = await other.messages.list({ limit: 200 });
    expect(list.map((m) => m.id)).not.toContain(sent.id);
    await expect(other.messages.get({ id: sent.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to act as an agency the user is not a member of', async () => {
    const intruder = callerAs(p.services, { token: p.schools.token, agency: 'salud' });
    await expect(intruder.messages.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(intruder.messages.send({ to: '+34600000003', text: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const ghost = callerAs(p.services, { token: p.schools.token, agency: 'no-such-agency' });
    await expect(ghost.messages.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a member of several agencies switch between them', async () => {
    const both = await seedUser(p, 'both@example.test', [
      { agency: 'educacion', role: 'operator' },
      { agency: 'salud', role: 'operator' },
    ]);
    const sent = await callerAs(p.services, { token: both.token, agency: 'educacion' }).messages.send({
      to: '+34600000004',
      text: 'Falta de asistencia',
    });
    const inSchools = await callerAs(p.services, { token: both.token, agency: 'educacion' }).messages.list();
    const inHealth = await callerAs(p.services, { token: both.token, agency: 'salud' }).messages.list();
    expect(inSchools.map((m) => m.id)).toContain(sent.id);
    expect(inHealth.map((m) => m.id)).not.toContain(sent.id);
    expect(inSchools.find((m) => m.id === sent.id)?.from).toBe('EDUCA');
  });

  it('filters by status and pages with `before`', async () => {
    const caller = callerAs(p.services, { token: p.health.token });
    const first = await caller.messages.send({ to: '+34600000005', text: 'uno' });
    const second = await caller.messages.send({ to: '+34600000006', text: 'dos' });
    const [newest] = await caller.messages.list({ limit: 1 });
    expect(newest?.id).toBe(second.id);
    const older = await caller.messages.list({ limit: 1, before: newest?.createdAt ?? '' });
    expect(older[0]?.id).toBe(first.id);
    expect(await caller.messages.list({ status: 'delivered' })).toEqual([]);
  });

  it('reports invalid input as BAD_REQUEST with the reason', async () => {
    const caller = callerAs(p.services, { token: p.health.token });
    await expect(caller.messages.send({ to: '600000001', text: 'hola' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('E.164'),
    });
    await expect(
      caller.messages.send({ to: '+34600000001', text: 'hola', from: 'NOT-OURS' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('senders'),
    });
    await expect(caller.messages.list({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.messages.get({ id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('does not let a viewer send', async () => {
    const viewer = await seedUser(p, 'viewer@example.test', [{ agency: 'salud', role: 'viewer' }]);
    const caller = callerAs(p.services, { token: viewer.token });
    await expect(caller.messages.send({ to: '+34600000007', text: 'hola' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(caller.messages.list()).resolves.toBeInstanceOf(Array);
  });
});
