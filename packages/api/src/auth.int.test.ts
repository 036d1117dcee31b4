import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerAs,
  PASSWORD,
  seedAgency,
  startTestPlatform,
  type TestPlatform,
} from './testing/platform-fixture.ts';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform('api_auth');
});

afterAll(async () => {
  await p?.close();
});

describe('auth', () => {
  it('logs in with the right password and returns the user with memberships', async () => {
    await seedAgency(p, 'salud');
    const session = await callerAs(p.services).auth.login({
      email: 'SALUD-admin@example.test ',
      password: PASSWORD,
    });
    expect(session.token.length).toBeGreaterThanOrEqual(40);
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
    expect(session.user).toMatchObject({
      email: 'salud-admin@example.test',
      isPlatformAdmin: false,
      memberships: [{ slug: 'salud', kind: 'agency', role: 'agency_admin' }],
    });
    const me = await callerAs(p.services, { token: session.token }).auth.me();
    expect(me.email).toBe('salud-admin@example.test');
  });

  it('rejects a wrong password and an unknown email alike', async () => {
    await seedAgency(p, 'educacion');
    const wrong = callerAs(p.services).auth.login({
      email: 'educacion-admin@example.test',
      password: 'not the password',
    });
    await expect(wrong).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password' });
    const unknown = callerAs(p.services).auth.login({
      email: 'nobody@example.test',
      password: 'whatever it is',
    });
    await expect(unknown).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password' });
  });

  it('rejects malformed input before calling the service', async () => {
    const call = callerAs(p.services).auth.login({ email: '', password: PASSWORD });
    await expect(call).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('answers UNAUTHORIZED without a token, with an unknown token and after logout', async () => {
    await expect(callerAs(p.services).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerAs(p.services, { token: 'not-a-session' }).auth.me()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const { token } = await seedAgency(p, 'ayuntamiento');
    const caller = callerAs(p.services, { token });
    await expect(caller.auth.me()).resolves.toMatchObject({ email: 'ayuntamiento-admin@example.test' });
    await expect(caller.auth.logout()).resolves.toEqual({ ok: true });
    await expect(callerAs(p.services, { token }).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('guards every agency and platform procedure behind a session', async () => {
    const anonymous = callerAs(p.services);
    await expect(anonymous.messages.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.messages.send({ to: '+34600000001', text: 'hola' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(anonymous.agencies.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.carriers.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
