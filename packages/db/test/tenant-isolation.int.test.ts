import { getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../src/schema/index.ts';
import { withTenant } from '../src/tenancy.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;

/** drizzle wraps the driver error; the database's own message is on the cause chain. */
const causedBy = (pattern: RegExp) => (error: unknown) => {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (pattern.test(e.message)) return true;
  return false;
};
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

// Every table whose rows belong to a tenant: agencies (by id) and every table with a tenant_id column.
const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
const tenantOwned = tables.filter((tb) => 'tenantId' in getTableColumns(tb)).map((tb) => getTableName(tb));

beforeAll(async () => {
  t = await createTestDatabase('isolation');
  // Seeded as the owner (superuser here), outside any tenant, one row per tenant-owned table per agency.
  await t.sql.begin(async (s) => {
    const [carrier] =
      await s`insert into carriers (name, host, port, system_id, password) values ('c', 'h', 1, 's', 'p') returning id`;
    const [number] = await s`insert into inbound_numbers (number, sender) values ('217', '217') returning id`;
    for (const [id, slug] of [
      [A, 'a'],
      [B, 'b'],
    ] as const) {
      await s`insert into agencies (id, slug, name) values (${id}, ${slug}, ${slug})`;
      const [user] =
        await s`insert into users (email, password_hash) values (${`${slug}@x.test`}, 'h') returning id`;
      await s`insert into memberships (tenant_id, user_id, role) values (${id}, ${user?.id}, 'viewer')`;
      const [svc] =
        await s`insert into services (tenant_id, slug, name, type) values (${id}, 's', 's', 'custom') returning id`;
      await s`insert into senders (tenant_id, service_id, kind, value) values (${id}, ${svc?.id}, 'short_code', ${`2${slug}`})`;
      const [key] =
        await s`insert into api_keys (tenant_id, prefix, secret_hash) values (${id}, ${`p_${slug}`}, ${`h_${slug}`}) returning id`;
      const [msg] =
        await s`insert into messages (tenant_id, api_key_id, to_phone, from_addr, body) values (${id}, ${key?.id}, '+34600000001', 'X', 'hi') returning id`;
      await s`insert into message_events (tenant_id, message_id, status) values (${id}, ${msg?.id}, 'accepted')`;
      await s`insert into idempotency_keys (tenant_id, key, request_hash, response_status, response_body) values (${id}, 'k', 'h', 202, '{}')`;
      await s`insert into audit_events (tenant_id, actor_kind, action) values (${id}, 'system', 'seed')`;
      await s`insert into smpp_clients (tenant_id, system_id, password_hash) values (${id}, ${`esme_${slug}`}, 'h')`;
      const [hook] =
        await s`insert into webhooks (tenant_id, url, events, secret) values (${id}, 'https://example.test/hook', ${['message.status']}, 's') returning id`;
      await s`insert into webhook_attempts (tenant_id, webhook_id, event_id, event_type, attempt) values (${id}, ${hook?.id}, gen_random_uuid(), 'message.status', 1)`;
      await s`insert into inbound_messages (tenant_id, carrier_id, source, destination, text, data_coding) values (${id}, ${carrier?.id}, '+34600000001', '215', 'ALTA', 0)`;
      const [kw] =
        await s`insert into keywords (tenant_id, service_id, number_id, keyword, language) values (${id}, ${svc?.id}, ${number?.id}, ${`KW${slug}`}, 'es') returning id`;
      await s`insert into keyword_words (tenant_id, keyword_id, number_id, word, language) values (${id}, ${kw?.id}, ${number?.id}, ${`KW${slug}`}, 'es')`;
      const [sub] =
        await s`insert into subscribers (tenant_id, service_id, phone, status, language) values (${id}, ${svc?.id}, '+34600000001', 'active', 'es') returning id`;
      await s`insert into consents (tenant_id, subscriber_id, channel, language) values (${id}, ${sub?.id}, 'sms', 'es')`;
      await s`insert into opt_outs (tenant_id, phone, service_id, source) values (${id}, '+34600000001', ${svc?.id}, 'sms_stop')`;
      await s`insert into signup_verifications (tenant_id, service_id, phone, code_hash, expires_at, ip, language) values (${id}, ${svc?.id}, '+34600000001', 'h', now(), '127.0.0.1', 'es')`;
      const [mo] =
        await s`insert into inbound_messages (tenant_id, carrier_id, source, destination, text, data_coding) values (${id}, ${carrier?.id}, '+34600000001', '215', 'SI', 0) returning id`;
      await s`insert into conversation_replies (tenant_id, service_id, inbound_message_id, message_id, phone, intent, language) values (${id}, ${svc?.id}, ${mo?.id}, ${msg?.id}, '+34600000001', 'confirm', 'es')`;
      await s`insert into saved_lists (tenant_id, service_id, name, filter) values (${id}, ${svc?.id}, 'l', '{"where":{}}')`;
      const [bc] =
        await s`insert into broadcasts (tenant_id, service_id, name, target, templates, default_language, from_addr, lane, status) values (${id}, ${svc?.id}, 'b', '{"kind":"upload","recipients":1}', '{"es":"hola"}', 'es', 'X', 'bulk', 'running') returning id`;
      await s`insert into broadcast_recipients (tenant_id, broadcast_id, row, phone) values (${id}, ${bc?.id}, 1, '+34600000001')`;
      await s`insert into agency_quotas (tenant_id, daily_messages_block) values (${id}, 100)`;
      await s`insert into quota_warnings (tenant_id, quota, period_start, used, level) values (${id}, 'daily_messages', '2026-03-10', 80, 80)`;
      await s`insert into daily_message_stats (tenant_id, day, service_id, lane, queued) values (${id}, '2026-03-10', ${svc?.id}, 'bulk', 1)`;
      await s`insert into schedules (tenant_id, service_id, name, cron, timezone, kind, spec, next_run_at, created_by) values (${id}, ${svc?.id}, 'daily', '0 9 * * *', 'Europe/Madrid', 'message', '{"to":"+34600000001","text":"hi"}', now(), 'cli')`;
    }
  });
});

afterAll(async () => {
  await t?.drop();
});

describe('row-level security', () => {
  it('covers every tenant-owned table with RLS enabled and forced', async () => {
    const rows = await t.sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[]>`
      select relname, relrowsecurity, relforcerowsecurity from pg_class
      where relnamespace = 'public'::regnamespace and relkind = 'r'`;
    const protectedTables = rows
      .filter((r) => r.relrowsecurity && r.relforcerowsecurity)
      .map((r) => r.relname)
      .sort();
    expect(protectedTables).toEqual([...tenantOwned, 'agencies'].sort());
    expect(tenantOwned.length).toBeGreaterThanOrEqual(8);
  });

  for (const table of [...tenantOwned, 'agencies']) {
    const col = table === 'agencies' ? 'id' : 'tenant_id';

    it(`${table}: tenant A reads none of tenant B's rows`, async () => {
      const seen = await withTenant(t.db, A, (tx) =>
        tx.execute<{ owner: string }>(
          sql`select ${sql.identifier(col)}::text as owner from ${sql.identifier(table)}`,
        ),
      );
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((r) => r.owner === A)).toBe(true);
    });

    it(`${table}: tenant A can neither update nor delete tenant B's rows`, async () => {
      const result = await withTenant(t.db, A, async (tx) => {
        const upd = await tx.execute(
          sql`update ${sql.identifier(table)} set ${sql.identifier(col)} = ${sql.raw(`${col}`)} where ${sql.identifier(col)} = ${B} returning 1`,
        );
        const del = await tx.execute(
          sql`delete from ${sql.identifier(table)} where ${sql.identifier(col)} = ${B} returning 1`,
        );
        return { upd: upd.length, del: del.length };
      });
      expect(result).toEqual({ upd: 0, del: 0 });
      const [still] = await t.sql`select count(*)::int as n from ${t.sql(table)} where ${t.sql(col)} = ${B}`;
      expect(still?.n).toBeGreaterThan(0);
    });

    it(`${table}: tenant A cannot move its own rows to tenant B`, async () => {
      await expect(
        withTenant(t.db, A, (tx) =>
          tx.execute(
            sql`update ${sql.identifier(table)} set ${sql.identifier(col)} = ${B} where ${sql.identifier(col)} = ${A}`,
          ),
        ),
      ).rejects.toSatisfy(causedBy(/row-level security/));
    });
  }

  it('tenant A cannot insert a row owned by tenant B', async () => {
    await expect(
      withTenant(t.db, A, (tx) =>
        tx.execute(
          sql`insert into services (tenant_id, slug, name, type) values (${B}, 'sneaky', 'x', 'custom')`,
        ),
      ),
    ).rejects.toSatisfy(causedBy(/row-level security/));
    await expect(
      withTenant(t.db, A, (tx) =>
        tx.execute(
          sql`insert into messages (tenant_id, to_phone, from_addr, body) values (${B}, '+34600000002', 'X', 'x')`,
        ),
      ),
    ).rejects.toSatisfy(causedBy(/row-level security/));
  });

  it('MO with no tenant yet is written only through pregon_record_inbound, and no tenant reads it', async () => {
    const [carrier] = await t.sql<{ id: string }[]>`select id from carriers limit 1`;
    const row = {
      carrier_id: carrier?.id,
      source: '+34600000009',
      destination: '215',
      text: 'BAJA',
      data_coding: 0,
      parts: 1,
      complete: true,
      missing: [],
    };
    await expect(
      withTenant(t.db, A, (tx) =>
        tx.execute(
          sql`insert into inbound_messages (carrier_id, source, destination, text, data_coding) values (${carrier?.id}, 'x', 'y', 'z', 0)`,
        ),
      ),
    ).rejects.toSatisfy(causedBy(/row-level security/));
    const ids = await withTenant(t.db, A, (tx) =>
      tx.execute<{ id: string }>(sql`select pregon_record_inbound(${JSON.stringify([row])}::jsonb) as id`),
    );
    expect(ids).toHaveLength(1);
    const seen = await withTenant(t.db, A, (tx) =>
      tx.execute(sql`select 1 from inbound_messages where tenant_id is null`),
    );
    expect(seen).toHaveLength(0);
    const [stored] =
      await t.sql`select tenant_id, text, missing from inbound_messages where id = ${ids[0]?.id ?? ''}`;
    expect(stored).toEqual({ tenant_id: null, text: 'BAJA', missing: [] });
  });

  it('a transaction with no tenant set sees no tenant-owned rows', async () => {
    const n = await t.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'pregon_app', true)`);
      return tx.execute<{ n: number }>(sql`select count(*)::int as n from messages`);
    });
    expect(n[0]?.n).toBe(0);
  });
});
