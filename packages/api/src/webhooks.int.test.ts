import { createWebhook } from '@pregon/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, seedUser, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;

beforeAll(async () => {
  p = await startRouterTest('api_webhooks');
});
afterAll(async () => {
  await p?.close();
});

describe('webhooks router', () => {
  it('shows an auto-disabled webhook to the agency admin, who re-enables it', async () => {
    const hook = await createWebhook({
      ctx: p.services,
      tenantId: p.health.agency.id,
      input: { url: 'https://his.example.org/events' },
      actor: { kind: 'cli' },
    });
    // As the delivery verb leaves it after sustained failure (the owner connection writes the row).
    await p.t.sql`update webhooks set enabled = false, consecutive_failures = 20, disabled_at = now(),
      disabled_reason = '20 consecutive failed deliveries (last: HTTP 500)' where id = ${hook.id}`;
    const admin = callerAs(p.services, { token: p.health.token });
    const [listed] = await admin.webhooks.list();
    expect(listed).toMatchObject({
      id: hook.id,
      enabled: false,
      disabledReason: expect.stringContaining('HTTP 500'),
    });
    expect(JSON.stringify(listed)).not.toContain('enc:v1');
    expect(await admin.webhooks.attempts({ id: hook.id })).toEqual([]);
    const enabled = await admin.webhooks.setEnabled({ id: hook.id, enabled: true });
    expect(enabled).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });

    // Another agency's admin cannot see or touch it.
    const other = callerAs(p.services, { token: p.schools.token });
    expect(await other.webhooks.list()).toEqual([]);
    await expect(other.webhooks.setEnabled({ id: hook.id, enabled: false })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('creates a webhook showing its secret once, rotates it and deletes it', async () => {
    const admin = callerAs(p.services, { token: p.schools.token });
    const created = await admin.webhooks.create({
      url: 'https://sis.example.org/pregon',
      events: ['message.status', 'message.inbound'],
    });
    expect(created).toMatchObject({ url: 'https://sis.example.org/pregon', enabled: true });
    expect(created.secret).toMatch(/^whsec_/);
    const [listed] = await admin.webhooks.list();
    expect(listed?.events.toSorted()).toEqual(['message.inbound', 'message.status']);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const rotated = await admin.webhooks.rotateSecret({ id: created.id });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();

    await expect(admin.webhooks.create({ url: 'ftp://sis.example.org/x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    // Another agency's admin cannot delete it; its own admin can.
    const other = callerAs(p.services, { token: p.health.token });
    await expect(other.webhooks.delete({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await admin.webhooks.delete({ id: created.id })).toEqual({ id: created.id });
    expect(await admin.webhooks.list()).toEqual([]);
  });

  it('is for agency admins only', async () => {
    const { token } = await seedUser(p, 'op@salud.example.test', [{ agency: 'salud', role: 'operator' }]);
    await expect(callerAs(p.services, { token }).webhooks.list()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
