import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  agencies,
  carrierLinks,
  carriers,
  messageEvents,
  messages,
  openDatabase,
  withTenant,
} from '@pregon/db';
import { LANES } from '@pregon/domain';
import {
  addCarrier,
  addRoute,
  type CarrierSecrets,
  noJobQueue,
  pgBossQueue,
  type ServiceContext,
  setCarrierEnabled,
  startBoss,
} from '@pregon/services';
import { type Stack, startStack } from '../stack.ts';

/** The agency whose messages the submit bench queues (a demo agency with alphanumeric sender SALUT). */
const AGENCY = 'salut-valencia';
const SENDER = 'SALUT';
/** Message ids per message.prepare job. */
const IDS_PER_JOB = 1000;
/** Rows per INSERT statement (well under PostgreSQL's 65,535 bind parameters). */
const ROWS_PER_INSERT = 2000;

// The in-process stack's gateway has no carrier secret key, so it binds only carriers whose password
// is stored in clear, like the demo seed's. This pass-through keeps the bench's carriers bindable.
const macKey = randomBytes(32);
const clearSecrets: CarrierSecrets = {
  seal: (plain) => plain,
  open: (stored) => stored,
  mac: (purpose, data) => createHmac('sha256', macKey).update(`${purpose}:${data}`).digest('hex'),
};

export interface PregonSubmitSide {
  readonly stack: Stack;
  /**
   * Adds a carrier `sink-w<window>` (tx+rx, one bind slot, that window) at the sink and a route for
   * `prefix` to it, then waits until its bind is up.
   */
  addSinkCarrier(input: { window: number; port: number; prefix: string }): Promise<string>;
  /**
   * Stores `count` accepted messages of one agency with their history rows and message.prepare jobs,
   * in one transaction, as the REST path would have left them. Resolves after the commit.
   */
  enqueue(recipients: readonly string[], text: (i: number) => string): Promise<void>;
  close(): Promise<void>;
}

export async function startPregonSubmitSide(databaseUrl: string): Promise<PregonSubmitSide> {
  const stack = await startStack({ databaseUrl, poolSize: 8 });
  const database = openDatabase({ url: databaseUrl, max: 2, applicationName: 'pregon-bench' });
  const boss = await startBoss({ connectionString: databaseUrl, max: 2 });
  const queue = pgBossQueue(boss);
  try {
    await queue.refresh();
    const admin: ServiceContext = { db: database.db, queue: noJobQueue, secrets: clearSecrets };
    const agencyRows = await database.db.select({ id: agencies.id, slug: agencies.slug }).from(agencies);
    const tenantId = agencyRows.find((a) => a.slug === AGENCY)?.id;
    if (tenantId === undefined) throw new Error(`the demo seed has no agency ${AGENCY}`);
    // Routing skips a saturated link for the next candidate: with the demo's catch-all carrier enabled,
    // a window-1 sink would spill messages to the in-process simulator instead of queueing for the sink.
    await setCarrierEnabled({
      ctx: admin,
      actor: { kind: 'cli' },
      input: { name: stack.demo.carrier, enabled: false },
    });

    // Routing trusts the link state the gateway reports to the database (every ~2 s), not its memory.
    const reportedBound = async (name: string) => {
      const [carrierRows, linkRows] = await Promise.all([
        database.db.select({ id: carriers.id, name: carriers.name }).from(carriers),
        database.db
          .select({ carrierId: carrierLinks.carrierId, state: carrierLinks.state })
          .from(carrierLinks),
      ]);
      const id = carrierRows.find((c) => c.name === name)?.id;
      return linkRows.some((l) => l.carrierId === id && l.state === 'bound');
    };

    return {
      stack,
      async addSinkCarrier({ window, port, prefix }) {
        const name = `sink-w${window}`;
        await addCarrier({
          ctx: admin,
          actor: { kind: 'cli' },
          input: {
            name,
            host: '127.0.0.1',
            port,
            systemId: 'bench',
            password: 'bench',
            systemType: 'VMA',
            bindMode: 'tx+rx', // drive_smpp never answers bind_transceiver
            binds: 1,
            window,
          },
        });
        await addRoute({ ctx: admin, actor: { kind: 'cli' }, input: { prefix, carrier: name, priority: 1 } });
        const deadline = performance.now() + 30_000; // the gateway looks for new carriers every 5 s
        while (performance.now() < deadline) {
          const link = stack.gateway.links.links().find((l) => l.carrier === name);
          if (link?.state === 'bound' && (await reportedBound(name))) return name;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`carrier ${name} did not bind to the sink on port ${port} within 30 s`);
      },
      async enqueue(recipients, text) {
        const ids = recipients.map(() => randomUUID());
        await withTenant(database.db, tenantId, async (tx) => {
          for (let from = 0; from < ids.length; from += ROWS_PER_INSERT) {
            const slice = ids.slice(from, from + ROWS_PER_INSERT);
            await tx.insert(messages).values(
              slice.map((id, j) => ({
                id,
                tenantId,
                toPhone: recipients[from + j] ?? '',
                fromAddr: SENDER,
                body: text(from + j),
                reference: `bench-${from + j}`,
                lane: 'transactional' as const,
                status: 'accepted' as const,
              })),
            );
            await tx
              .insert(messageEvents)
              .values(slice.map((messageId) => ({ tenantId, messageId, status: 'accepted' as const })));
          }
          const payloads = [];
          for (let from = 0; from < ids.length; from += IDS_PER_JOB)
            payloads.push({ tenantId, messageIds: ids.slice(from, from + IDS_PER_JOB) });
          await queue.enqueue(tx, 'message.prepare', payloads, { priority: LANES.transactional });
        });
      },
      async close() {
        queue.close();
        await boss.stop({ graceful: false });
        await database.close();
        await stack.stop();
      },
    };
  } catch (error) {
    queue.close();
    await boss.stop({ graceful: false });
    await database.close();
    await stack.stop();
    throw error;
  }
}
