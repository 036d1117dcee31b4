import { pgBossQueue, type ServiceContext, startBoss } from '@pregon/services';
import type { Session } from './command.ts';

/**
 * Runs `fn` with a context that can enqueue jobs (the dispatcher of `pnpm start` works them): pg-boss
 * on the command's own database, one connection, no maintenance, stopped when `fn` is done.
 */
export async function withJobQueue<T>(session: Session, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const boss = await startBoss({ connectionString: session.databaseUrl, max: 1 });
  const queue = pgBossQueue(boss);
  try {
    await queue.refresh();
    return await fn({ ...session.ctx, queue });
  } finally {
    queue.close();
    await boss.stop({ graceful: false });
  }
}
