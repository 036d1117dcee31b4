import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  createAgency,
  createCarrierSecrets,
  createUser,
  type JobQueue,
  login,
  pgBossQueue,
  type ServiceContext,
  startBoss,
} from '@pregon/services';
import { createTrpcContext } from '../context.ts';
import { createCaller } from '../root.ts';

export const PASSWORD = 'correct horse battery';

export interface TestPlatform {
  t: TestDatabase;
  services: ServiceContext;
  close(): Promise<void>;
}

/** A queue for tests that must never enqueue: any call is a test failure. */
const refusingQueue: JobQueue = {
  enqueue: () => Promise.reject(new Error('this test does not expect any job to be enqueued')),
  enqueueRaw: () => Promise.reject(new Error('this test does not expect any job to be enqueued')),
};

/** A fresh migrated database; with `queue: true`, a real pg-boss on it for verbs that enqueue. */
export async function startTestPlatform(
  label: string,
  opts: { queue?: boolean } = {},
): Promise<TestPlatform> {
  const t = await createTestDatabase(label);
  // Each platform seals carrier passwords with a key of its own.
  const secrets = createCarrierSecrets(randomBytes(32));
  if (!opts.queue) return { t, services: { db: t.db, queue: refusingQueue, secrets }, close: () => t.drop() };
  // startBoss is the runtime's own setup: catalog queues plus pregon_app's grants on the queue tables.
  const boss = await startBoss({ connectionString: t.url, max: 2 });
  const queue = pgBossQueue(boss);
  await queue.refresh();
  return {
    t,
    services: { db: t.db, queue, secrets },
    async close() {
      queue.close();
      await boss.stop({ graceful: false });
      await t.drop();
    },
  };
}

/** A request's tRPC context from the headers the console sends (`authorization`, `x-pregon-agency`). */
export function contextFromHeaders(services: ServiceContext, headers: Record<string, string | undefined>) {
  return createTrpcContext({
    services,
    authorization: headers.authorization,
    agency: headers['x-pregon-agency'],
  });
}

/** A tRPC caller as the console would call, with optional session token and selected agency. */
export function callerAs(services: ServiceContext, opts: { token?: string; agency?: string } = {}) {
  return createCaller(
    contextFromHeaders(services, {
      authorization: opts.token === undefined ? undefined : `Bearer ${opts.token}`,
      'x-pregon-agency': opts.agency,
    }),
  );
}

/** An agency with one sender, `<slug>-admin@example.test` as its admin, and that admin's session token. */
export async function seedAgency(
  p: TestPlatform,
  slug: string,
  sender = `SMS${slug.slice(0, 6).toUpperCase()}`,
) {
  const agency = await createAgency({
    ctx: p.services,
    input: { slug, name: `Agency ${slug}` },
    actor: { kind: 'cli' },
  });
  // No verb manages senders yet; the owner connection writes the row as `pregon number add` will.
  await p.t
    .sql`insert into senders (tenant_id, kind, value, is_default) values (${agency.id}, 'alphanumeric', ${sender}, true)`;
  const email = `${slug}-admin@example.test`;
  await createUser({
    ctx: p.services,
    input: { agencySlug: slug, email, role: 'agency_admin', password: PASSWORD },
    actor: { kind: 'cli' },
  });
  const { token } = await login({ ctx: p.services, input: { email, password: PASSWORD } });
  return { agency, email, token, sender };
}

export type SeededAgency = Awaited<ReturnType<typeof seedAgency>>;

/** The platform most router tests start from: two agencies, each with its admin logged in. */
export interface RouterTest extends TestPlatform {
  /** salud, sender SALUD. */
  health: SeededAgency;
  /** educacion, sender EDUCA. */
  schools: SeededAgency;
}

/**
 * A fresh platform (see startTestPlatform) with the health and schools agencies seeded.
 * @example const p = await startRouterTest('api_messages', { queue: true }); callerAs(p.services, { token: p.health.token });
 */
export async function startRouterTest(label: string, opts: { queue?: boolean } = {}): Promise<RouterTest> {
  const p = await startTestPlatform(label, opts);
  try {
    const health = await seedAgency(p, 'salud', 'SALUD');
    const schools = await seedAgency(p, 'educacion', 'EDUCA');
    return { ...p, health, schools };
  } catch (err) {
    await p.close();
    throw err;
  }
}

/** A user with `role` in each of the agencies, logged in. */
export async function seedUser(
  p: TestPlatform,
  email: string,
  grants: Array<{ agency: string; role: 'platform_admin' | 'agency_admin' | 'operator' | 'viewer' }>,
) {
  for (const g of grants) {
    await createUser({
      ctx: p.services,
      input: { agencySlug: g.agency, email, role: g.role, password: PASSWORD },
      actor: { kind: 'cli' },
    });
  }
  const { token } = await login({ ctx: p.services, input: { email, password: PASSWORD } });
  return { email, token };
}

/** The operator agency with a platform admin, logged in. */
export async function seedPlatformAdmin(p: TestPlatform) {
  await createAgency({
    ctx: p.services,
    input: { slug: 'pregon', name: 'Pregón operations', kind: 'operator' },
    actor: { kind: 'cli' },
  });
  return seedUser(p, 'root@example.test', [{ agency: 'pregon', role: 'platform_admin' }]);
}
