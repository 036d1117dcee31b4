import { createService } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;
let operatorToken = '';

beforeAll(async () => {
  p = await startRouterTest('api_conversations');
  await createService({
    ctx: p.services,
    input: { agencySlug: 'salud', slug: 'citas', name: 'Citas', type: 'health' },
    actor: { kind: 'cli' },
  });
  operatorToken = (await seedUser(p, 'op@salud.test', [{ agency: 'salud', role: 'operator' }])).token;
});
afterAll(async () => {
  await p?.close();
});

describe('conversations and signup routers', () => {
  it('lists replies of the agency, per service and per message', async () => {
    const [svc] = await p.t.sql<{ id: string }[]>`select id from services where slug = 'citas'`;
    const [carrier] = await p.t.sql<
      { id: string }[]
    >`insert into carriers (name, host, port, system_id, password)
      values ('c', 'h', 1, 's', 'p') returning id`;
    const [msg] = await p.t.sql<
      { id: string }[]
    >`insert into messages (tenant_id, service_id, to_phone, from_addr, body, reference)
      values (${p.health.agency.id}, ${svc?.id ?? ''}, '+34600000001', 'SALUD', 'Cita el martes', 'c-1') returning id`;
    const [mo] = await p.t.sql<
      { id: string }[]
    >`insert into inbound_messages (tenant_id, service_id, carrier_id, source, destination, text, data_coding)
      values (${p.health.agency.id}, ${svc?.id ?? ''}, ${carrier?.id ?? ''}, '+34600000001', 'SALUD', 'Justifico: fiebre', 0) returning id`;
    await p.t
      .sql`insert into conversation_replies (tenant_id, service_id, inbound_message_id, message_id, phone, intent, argument, language)
      values (${p.health.agency.id}, ${svc?.id ?? ''}, ${mo?.id ?? ''}, ${msg?.id ?? ''}, '+34600000001', 'justify', 'fiebre', 'es')`;

    const viewer = callerAs(p.services, { token: operatorToken });
    expect(await viewer.conversations.list({ messageId: msg?.id ?? '' })).toMatchObject([
      {
        messageId: msg?.id,
        reference: 'c-1',
        service: 'citas',
        intent: 'justify',
        argument: 'fiebre',
        text: 'Justifico: fiebre',
      },
    ]);
    expect(await viewer.conversations.list({ serviceSlug: 'citas' })).toHaveLength(1);
    expect(await callerAs(p.services, { token: p.schools.token }).conversations.list()).toEqual([]);
    await expect(
      callerAs(p.services, { token: p.schools.token }).conversations.list({ messageId: msg?.id ?? '' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets agency admins, not operators, configure answers and open web signup', async () => {
    const admin = callerAs(p.services, { token: p.health.token });
    const operator = callerAs(p.services, { token: operatorToken });
    await expect(
      operator.conversations.configure({ serviceSlug: 'citas', windowHours: 24 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await admin.conversations.configure({
        serviceSlug: 'citas',
        windowHours: 24,
        answers: { confirm: { es: 'Cita confirmada.' } },
      }),
    ).toEqual({
      agency: 'salud',
      service: 'citas',
      windowHours: 24,
      answers: { confirm: { es: 'Cita confirmada.' } },
    });
    await expect(operator.signup.setWebSignup({ serviceSlug: 'citas', enabled: true })).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    expect(await admin.signup.page()).toMatchObject({ services: [] });
    await admin.signup.setWebSignup({ serviceSlug: 'citas', enabled: true });
    expect(await admin.signup.page()).toMatchObject({
      services: [{ slug: 'citas', name: 'Citas', attributes: [] }],
    });
    await expect(admin.signup.setWebSignup({ serviceSlug: 'nope', enabled: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
