import type { TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import type { ServiceContext } from '../context.ts';
import { addInboundNumber } from '../numbers/add.ts';
import { createService } from '../services/create.ts';
import { startInboundEngine, type TestInboundEngine } from '../testing/inbound-engine.ts';
import { addKeyword } from './add.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let engine: TestInboundEngine;
let salut: string;
const cli = { kind: 'cli' } as const;

beforeAll(async () => {
  // Jobs (webhooks, replies to send) are not what this test is about: recorded and never run.
  engine = await startInboundEngine('services_keyword_rejoin');
  ({ t, ctx } = engine);
  salut = (await createAgency({ ctx, input: { slug: 'salut', name: 'Salut' }, actor: cli })).id;
  await createAgency({ ctx, input: { slug: 'escoles', name: 'Escoles' }, actor: cli });
  await addInboundNumber({ ctx, input: { agencySlug: 'salut', number: '21900' }, actor: cli });
  await addInboundNumber({ ctx, input: { agencySlug: 'escoles', number: '21900' }, actor: cli });
  for (const [agency, slug, keyword] of [
    ['salut', 'citas', 'CITA'],
    ['salut', 'fallas', 'FALLAS'],
    ['escoles', 'faltas', 'FALTAS'],
  ] as const) {
    await createService({ ctx, input: { agencySlug: agency, slug, name: slug, type: 'custom' }, actor: cli });
    await addKeyword({ ctx, input: { number: '21900', serviceSlug: slug, keyword }, actor: cli });
  }
});
afterAll(async () => {
  await t?.drop();
});

const mo = (source: string, text: string) => engine.mo({ source, destination: '21900', text });

describe('joining again after STOP ALL', () => {
  it("lifts that service's opt-out and the agency's number-wide row; its other services stay left", async () => {
    const phone = '+34600200001';
    await mo(phone, 'CITA');
    await mo(phone, 'FALLAS');
    await mo(phone, 'BAJA TODO');
    await mo(phone, 'cita');
    // BAJA TODO left salut's citas, fallas and "every salut service on 21900" (null); CITA lifts citas
    // and the number-wide row, which would otherwise keep blocking citas from 21900.
    const active = await t.sql<{ service: string | null; number: string }[]>`
      select s.slug as service, o.number from opt_outs o left join services s on s.id = o.service_id
      where o.phone = ${phone} and o.revoked_at is null and o.tenant_id = ${salut}`;
    expect(active).toEqual([{ service: 'fallas', number: '21900' }]);
    // The other agency's rows on the number are untouched.
    const [school] = await t.sql<{ n: number }[]>`select count(*)::int as n from opt_outs
      where phone = ${phone} and revoked_at is null and tenant_id <> ${salut}`;
    expect(school?.n).toBe(2);
  });
});
