import { consents, optOuts, subscribers, withTenant } from '@pregon/db';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../agencies/create.ts';
import { noJobQueue, type ServiceContext } from '../context.ts';
import { addKeyword } from '../keywords/add.ts';
import { addInboundNumber } from '../numbers/add.ts';
import { createService } from '../services/create.ts';
import { exportSubscribers } from './export.ts';
import { importSubscribers } from './import.ts';
import { locateService } from './locate-service.ts';

let t: TestDatabase;
let ctx: ServiceContext;
let tenantId = '';
const cli = { kind: 'cli' } as const;
const NOW = new Date('2026-03-01T10:00:00Z');
let serial = 0;

beforeAll(async () => {
  t = await createTestDatabase('services_subscriber_import');
  ctx = { db: t.db, queue: noJobQueue, now: () => NOW };
  tenantId = (await createAgency({ ctx, input: { slug: 'alzira', name: 'Alzira' }, actor: cli })).id;
});
afterAll(async () => {
  await t?.drop();
});

/** A fresh service (with an ALERTAS-style keyword taking district) per test. */
async function service(): Promise<string> {
  serial++;
  const slug = `alertas-${serial}`;
  await createService({
    ctx,
    input: { agencySlug: 'alzira', slug, name: 'Alertas', type: 'city-alerts' },
    actor: cli,
  });
  const number = String(21700 + serial);
  await addInboundNumber({ ctx, input: { agencySlug: 'alzira', number, serviceSlug: slug }, actor: cli });
  await addKeyword({
    ctx,
    input: {
      number,
      serviceSlug: slug,
      keyword: `ALERTAS${serial}`,
      arg: { attribute: 'district', values: ['CENTRO', '4B'] },
    },
    actor: cli,
  });
  return slug;
}

const run = (
  serviceSlug: string,
  csv: string,
  mode: 'validate' | 'import' = 'import',
  defaultCountry?: 'ES',
) =>
  importSubscribers({
    ctx,
    tenantId,
    input: { serviceSlug, csv, mode, ...(defaultCountry === undefined ? {} : { defaultCountry }) },
    actor: cli,
  });

const rowsOf = () =>
  withTenant(t.db, tenantId, (tx) =>
    tx
      .select({
        phone: subscribers.phone,
        status: subscribers.status,
        language: subscribers.language,
        attributes: subscribers.attributes,
      })
      .from(subscribers)
      .orderBy(asc(subscribers.phone)),
  );

describe('importSubscribers', () => {
  it('validates without writing, then imports every row active with a consent', async () => {
    const slug = await service();
    const csv =
      '\uFEFFPhone;Language;district;school\r\n+34 600 000 101;ca;centro;"IES Sant, Joan"\r\n+34600000102;;4 b;\r\n';
    const checked = await run(slug, csv, 'validate');
    expect(checked).toEqual({ mode: 'validate', rows: 2, valid: 2, imported: 0, errors: [], skipped: [] });
    expect((await rowsOf()).filter((r) => r.phone.endsWith('10'.concat('1')))).toEqual([]);

    const done = await run(slug, csv);
    expect(done.imported).toBe(2);
    const rows = (await rowsOf()).filter((r) => ['+34600000101', '+34600000102'].includes(r.phone));
    expect(rows).toEqual([
      {
        phone: '+34600000101',
        status: 'active',
        language: 'ca',
        attributes: { district: 'CENTRO', school: 'IES Sant, Joan' },
      },
      { phone: '+34600000102', status: 'active', language: 'es', attributes: { district: '4B' } },
    ]);
    const proof = await withTenant(t.db, tenantId, (tx) => tx.select().from(consents));
    expect(proof.filter((c) => c.channel === 'web' && c.detail?.note === 'csv import by cli')).toHaveLength(
      2,
    );
  });

  it('imports nothing from a half-bad file and reports row, field and reason', async () => {
    const slug = await service();
    const csv = [
      'phone,language,district',
      '+34600000201,es,CENTRO',
      '600000202,es,CENTRO',
      '+34600000203,fr,NORTE',
      '+34600000201,es,',
      '+34600000204,es',
    ].join('\n');
    const report = await run(slug, csv);
    expect(report.imported).toBe(0);
    expect(report.rows).toBe(5);
    expect(report.valid).toBe(1);
    expect(report.errors).toEqual([
      { row: 3, field: 'phone', reason: expect.stringContaining('no country code') },
      { row: 4, field: 'language', reason: '"fr" is not one of es, ca, en' },
      { row: 4, field: 'district', reason: '"NORTE" is not one of CENTRO, 4B' },
      { row: 5, field: 'phone', reason: 'duplicates row 2' },
      { row: 6, field: '(row)', reason: 'has 2 fields; the header has 3' },
    ]);
    expect((await rowsOf()).some((r) => r.phone === '+34600000201')).toBe(false);
  });

  it('reads national numbers only with a default country', async () => {
    const slug = await service();
    const report = await run(slug, 'phone\n600 000 301\n0034600000302\n', 'import', 'ES');
    expect(report).toMatchObject({ errors: [], imported: 2 });
    const phones = (await rowsOf()).map((r) => r.phone);
    expect(phones).toEqual(expect.arrayContaining(['+34600000301', '+34600000302']));
  });

  it('never re-subscribes a phone in the opt-out ledger', async () => {
    const slug = await service();
    await withTenant(t.db, tenantId, (tx) =>
      tx
        .insert(optOuts)
        .values({ tenantId, phone: '+34600000401', serviceId: null, number: null, source: 'console' }),
    );
    const report = await run(slug, 'phone\n+34600000401\n+34600000402\n');
    expect(report.skipped).toEqual([{ row: 2, phone: '+34600000401', reason: 'opted_out' }]);
    expect(report.imported).toBe(1);
    const phones = (await rowsOf()).map((r) => r.phone);
    expect(phones).toContain('+34600000402');
    expect(phones).not.toContain('+34600000401');
  });

  it('refuses files without a phone column or over the size limit', async () => {
    const slug = await service();
    await expect(run(slug, 'telefono\n+34600000501\n')).rejects.toThrow('no "phone" column');
    await expect(run(slug, `phone\n${'+34600000502\n'.repeat(900_000)}`)).rejects.toThrow(
      'larger than 10 MB',
    );
  });

  it('exports what it imported, and the export imports back unchanged', async () => {
    const slug = await service();
    const csv =
      'phone,language,district,note\n+34600000601,en,CENTRO,"dice ""hola"",\nadiós"\n+34600000602,es,,\n';
    await run(slug, csv);
    const { csv: out, rows } = await exportSubscribers({
      ctx,
      tenantId,
      input: { serviceSlug: slug },
      actor: cli,
    });
    expect(rows).toBe(2);
    expect(out).toBe(
      'phone,language,district,note\r\n+34600000601,en,CENTRO,"dice ""hola"",\nadiós"\r\n+34600000602,es,,\r\n',
    );
    const again = await service();
    await run(again, out);
    const back = await exportSubscribers({ ctx, tenantId, input: { serviceSlug: again }, actor: cli });
    expect(back.csv).toBe(out);
  });

  it('finds the agency of a service slug for the CLI', async () => {
    const slug = await service();
    expect(
      await locateService({ ctx, input: { serviceSlug: slug }, actor: cli, action: 'subscribers.import' }),
    ).toEqual({
      tenantId,
    });
    await expect(
      locateService({ ctx, input: { serviceSlug: 'nope' }, actor: cli, action: 'subscribers.import' }),
    ).rejects.toThrow('No service');
  });
});
