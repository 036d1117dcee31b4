import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { noJobQueue, type ServiceContext } from '@pregon/services';
import { decodeShortMessage } from '@pregon/sms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../stack.ts';
import { addAlziraAlerts } from './support/citizen.ts';
import { until, waitForBoundLink } from './support/wait.ts';

let t: TestDatabase;
let stack: Stack;
let apiKey = '';
const AUDIENCE = 500;

beforeAll(async () => {
  t = await createTestDatabase('broadcast_e2e');
  stack = await startStack({ databaseUrl: t.url });
  const ctx: ServiceContext = { db: t.db, queue: noJobQueue };
  await addAlziraAlerts(ctx, { aliases: [], arg: { attribute: 'district', values: ['CENTRO', 'NORTE'] } });
  apiKey = stack.demo.agencies.find((a) => a.slug === 'ajuntament-alzira')?.apiKey ?? '';
  const [svc] = await t.sql<{ id: string; tenant_id: string }[]>`
    select s.id, s.tenant_id from services s join agencies a on a.id = s.tenant_id
    where a.slug = 'ajuntament-alzira' and s.slug = 'alertas'`;
  await t.sql`
    insert into subscribers (tenant_id, service_id, phone, status, language, attributes)
    select ${svc?.tenant_id ?? ''}, ${svc?.id ?? ''}, '+3465' || lpad(i::text, 7, '0'), 'active',
      (array['es','ca'])[1 + i % 2], jsonb_build_object('district', (array['CENTRO','NORTE'])[1 + i % 2])
    from generate_series(1, ${AUDIENCE}) as i`;
  await waitForBoundLink(stack, 15_000);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await t?.drop();
});

async function api(method: string, path: string, body?: object) {
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

type Progress = { counts: Record<string, number>; remaining: number };

/** Waits until the broadcast has `n` messages in final statuses and returns its view. */
async function settled(id: string, n: number) {
  return until(
    `broadcast ${id} settled`,
    async () => {
      const { body } = await api('GET', `/v1/broadcasts/${id}`);
      const p = body.progress as Progress;
      const final = ['delivered', 'failed', 'rejected', 'cancelled', 'expired', 'unknown'];
      return final.reduce((s, k) => s + (p.counts[k] ?? 0), 0) === n ? body : undefined;
    },
    60_000,
  );
}

describe('a broadcast end to end over the SMPP simulator', { timeout: 120_000 }, () => {
  it('reaches every active subscriber once, in their language, and never one who texted BAJA', async () => {
    // A citizen joins and leaves by SMS: the ledger and the subscriber list both know.
    expect(
      await stack.simulator.injectMo({ from: '34651999999', to: '21700', text: 'ALERTAS CENTRO' }),
    ).toEqual([0]);
    await until(
      'subscribed',
      async () => {
        const [s] = await t.sql`select 1 from subscribers where phone = '+34651999999' and status = 'active'`;
        return s;
      },
      15_000,
    );
    expect(await stack.simulator.injectMo({ from: '34651999999', to: '21700', text: 'BAJA' })).toEqual([0]);
    await until(
      'opted out',
      async () => {
        const [s] = await t.sql`select 1 from opt_outs where phone = '+34651999999' and revoked_at is null`;
        return s;
      },
      15_000,
    );

    const created = await api('POST', '/v1/broadcasts', {
      service: 'alertas',
      name: 'Corte de agua',
      target: { kind: 'service' },
      templates: { es: 'Corte de agua mañana en {{district}}', ca: 'Tall d’aigua demà a {{district}}' },
    });
    expect(created.status).toBe(202);
    const id = String(created.body.id);
    const view = await settled(id, AUDIENCE);
    expect(view).toMatchObject({ status: 'completed', targeted: AUDIENCE, fannedOut: AUDIENCE });
    expect((view.progress as Progress).counts).toMatchObject({ delivered: AUDIENCE, rejected: 0 });
    expect((view.progress as Progress).remaining).toBe(0);

    const texts = new Map<string, string[]>();
    for (const s of stack.simulator.submits) {
      const text = decodeShortMessage(s.dataCoding, s.bytes).text;
      if (!text.includes('aigua') && !text.includes('agua')) continue;
      texts.set(s.destination, [...(texts.get(s.destination) ?? []), text]);
    }
    expect(texts.size).toBe(AUDIENCE);
    expect([...texts.values()].every((v) => v.length === 1)).toBe(true);
    expect(texts.get('34650000001')).toEqual(['Tall d’aigua demà a NORTE']);
    expect(texts.get('34650000002')).toEqual(['Corte de agua mañana en CENTRO']);
    expect(texts.has('34651999999')).toBe(false);
  });

  it('the opt-out ledger blocks an uploaded recipient who texted BAJA', async () => {
    const created = await api('POST', '/v1/broadcasts', {
      service: 'alertas',
      name: 'Aviso a una lista',
      target: { kind: 'upload', recipients: [{ phone: '+34651999999' }, { phone: '+34651000001' }] },
      templates: { es: 'Aviso importante del ayuntamiento' },
    });
    expect(created.status).toBe(202);
    const id = String(created.body.id);
    expect(((await settled(id, 2)).progress as Progress).counts).toMatchObject({ delivered: 1, rejected: 1 });
    const [blocked] = await t.sql<{ status: string; reason: string }[]>`
      select status, reason from messages where broadcast_id = ${id} and to_phone = '+34651999999'`;
    expect(blocked).toEqual({ status: 'rejected', reason: 'opted_out' });
  });
});
