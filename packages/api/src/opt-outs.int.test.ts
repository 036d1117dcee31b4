import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs, type RouterTest, startRouterTest } from './testing/platform-fixture.ts';

let p: RouterTest;

beforeAll(async () => {
  p = await startRouterTest('api_opt_outs');
});
afterAll(async () => {
  await p?.close();
});

describe('optOuts router', () => {
  it("lists the agency's own opt-outs newest first, page by page", async () => {
    // As STOP leaves them (the owner connection writes the ledger rows).
    for (let i = 1; i <= 3; i++)
      await p.t.sql`insert into opt_outs (tenant_id, phone, number, source, at)
        values (${p.health.agency.id}, ${`+3460000000${i}`}, '21700', 'sms_stop', ${`2026-01-0${i}T00:00:00Z`})`;
    await p.t.sql`insert into opt_outs (tenant_id, phone, number, source)
      values (${p.schools.agency.id}, '+34699999999', '21900', 'sms_stop_all')`;

    const admin = callerAs(p.services, { token: p.health.token });
    const first = await admin.optOuts.list({ limit: 2 });
    expect(first.map((o) => o.phone)).toEqual(['+34600000003', '+34600000002']);
    expect(first[0]).toMatchObject({ service: null, number: '21700', source: 'sms_stop', revokedAt: null });
    const last = first[1];
    if (!last) throw new Error('no second row');
    const next = await admin.optOuts.list({ limit: 2, before: last.id });
    expect(next.map((o) => o.phone)).toEqual(['+34600000001']);

    // Another agency sees only its own ledger.
    const other = await callerAs(p.services, { token: p.schools.token }).optOuts.list();
    expect(other.map((o) => o.phone)).toEqual(['+34699999999']);
  });

  it('needs a session', async () => {
    await expect(callerAs(p.services).optOuts.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
