import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;

beforeAll(async () => {
  p = await startRouterTest('api_messages_cancel', { queue: true });
});

afterAll(async () => {
  await p?.close();
});

describe('messages.cancel', () => {
  it('cancels a message of the selected agency and returns its view with the history', async () => {
    const caller = callerAs(p.services, { token: p.health.token });
    const sent = await caller.messages.send({ to: '+34600000001', text: 'Cita anulada' });
    const view = await caller.messages.cancel({ id: sent.id });
    expect(view).toMatchObject({ id: sent.id, status: 'cancelled', reason: 'cancelled_by_user' });
    expect(view.history.map((h) => h.status)).toEqual(['accepted', 'cancelled']);
    expect(await caller.messages.cancel({ id: sent.id })).toEqual(view);
    expect((await caller.messages.get({ id: sent.id })).status).toBe('cancelled');
  });

  it('is CONFLICT once the message was submitted', async () => {
    const caller = callerAs(p.services, { token: p.health.token });
    const sent = await caller.messages.send({ to: '+34600000002', text: 'Tarde' });
    await p.t.sql`update messages set status = 'submitted' where id = ${sent.id}`;
    await expect(caller.messages.cancel({ id: sent.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already submitted'),
    });
  });

  it("is NOT_FOUND for another agency's message, and leaves it alone", async () => {
    const sent = await callerAs(p.services, { token: p.health.token }).messages.send({
      to: '+34600000003',
      text: 'Privado',
    });
    const other = callerAs(p.services, { token: p.schools.token });
    await expect(other.messages.cancel({ id: sent.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [row] = await p.t.sql<{ status: string }[]>`select status from messages where id = ${sent.id}`;
    expect(row?.status).toBe('accepted');
  });

  it('does not let a viewer cancel, nor anyone without a session', async () => {
    const sent = await callerAs(p.services, { token: p.health.token }).messages.send({
      to: '+34600000004',
      text: 'Hola',
    });
    const viewer = await seedUser(p, 'viewer@example.test', [{ agency: 'salud', role: 'viewer' }]);
    await expect(
      callerAs(p.services, { token: viewer.token }).messages.cancel({ id: sent.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(p.services).messages.cancel({ id: sent.id })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
