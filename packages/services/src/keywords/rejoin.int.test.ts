import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { addCarrier } from '../carriers/add.ts';
import type { JobQueue, ServiceContext } from '../context.ts';
import { processInboundMessages } from '../inbound/process.ts';
import { recordInboundMessages } from '../inbound/record.ts';
import { addInboundNumber } from '../numbers/add.ts';
import { createCarrierSecrets } from '../secrets/carrier-secrets.ts';
import { createService } from '../services/create.ts';
import { addKeyword } from './add.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let carrierId: string;
let salut: string;
const cli = { kind: 'cli' } as const;
// Jobs (webhooks, replies to send) are not what this test is about: accepted and dropped.
const queue: JobQueue = { enqueue: async () => {}, enqueueRaw: async () => {} };

beforeAll(async () => {
  t = await createTestDatabase('services_keyword_rejoin');
  ctx = {
    db: t.db,
    queue,
    secrets: createCarrierSecrets(randomBytes(32)),
    inboundLimits: { maxPerWindow: 100, windowSeconds: 600, repliesPerHour: 100, autoReplySeconds: 0 },
  };
  carrierId = (
    await addCarrier({
      ctx,
      input: { name: 'movistar', host: '127.0.0.1', port: 2775, systemId: 'pregon', password: 'pw9x7q2z' },
      actor: cli,
    })
  ).id;
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

async function mo(source: string, text: string): Promise<void> {
  const ids = await recordInboundMessages({
    ctx,
    input: [
      {
        carrierId,
        source,
        destination: '21900',
        text,
        dataCoding: 0,
        parts: 1,
        complete: true,
        missing: [],
        receivedAt: new Date(),
      },
    ],
  });
  await processInboundMessages({ ctx, input: { inboundMessageIds: ids } });
}

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
