import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@pregon/db/testing';
import {
  createCarrierSecrets,
  type PgBossJobQueue,
  pgBossQueue,
  type ServiceContext,
  seedDemo,
  startBoss,
} from '@pregon/services';
import type { PgBoss } from 'pg-boss';
import pino from 'pino';
import { createApp } from '../src/app.ts';

/** The REST app over a fresh database with the demo seed and a real pg-boss queue, as route tests need. */
export interface DemoApp {
  t: TestDatabase;
  app: ReturnType<typeof createApp>;
  /** API keys of the first two demo agencies. */
  keyA: string;
  keyB: string;
  /** A request with an optional bearer key and JSON body. */
  call(
    method: string,
    path: string,
    key: string | null,
    body?: object,
    headers?: Record<string, string>,
  ): Promise<Response>;
  stop(): Promise<void>;
}

export async function startDemoApp(name: string, extra: Partial<ServiceContext> = {}): Promise<DemoApp> {
  const t = await createTestDatabase(name);
  const boss: PgBoss = await startBoss({ connectionString: t.url, max: 2 });
  const queue: PgBossJobQueue = pgBossQueue(boss);
  await queue.refresh();
  const services: ServiceContext = {
    db: t.db,
    queue,
    secrets: createCarrierSecrets(randomBytes(32)),
    ...extra,
  };
  const demo = await seedDemo({ ctx: services, input: { smscHost: '127.0.0.1', smscPort: 1 } });
  const app = createApp({
    services,
    logger: pino({ level: 'silent' }),
    links: { links: () => [] },
    consoleDir: null,
    apiRatePerSecond: 1000,
  });
  return {
    t,
    app,
    keyA: demo.agencies[0]?.apiKey ?? '',
    keyB: demo.agencies[1]?.apiKey ?? '',
    call: async (method, path, key, body, headers = {}) =>
      app.request(path, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    async stop() {
      queue.close();
      await boss.stop({ graceful: false });
      await t.drop();
    },
  };
}
