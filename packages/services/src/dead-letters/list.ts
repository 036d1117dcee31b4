import { withPlatform } from '@pregon/db';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { type FailedJob, findFailedJobs } from './failed-jobs.ts';

/** A job that exhausted its retries, without the personal data its payload may carry. */
export interface DeadLetter {
  id: string;
  queue: string;
  /** The error it last failed with. */
  reason: string;
  attempts: number;
  failedAt: string | null;
  createdAt: string;
  tenantIds: string[];
  /** Messages it carried (message.prepare, carrier.submit.*) or receipts (receipt.apply). */
  messages: number;
  receipts: number;
}

/**
 * Dead letters: failed message.prepare, receipt.apply and carrier.submit.* jobs, newest first.
 * Cross-tenant (payloads name tenants): audited.
 * @example const { deadLetters } = await listDeadLetters({ ctx, input: {}, actor: { kind: 'cli' } })
 */
export async function listDeadLetters({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: { limit?: number | undefined };
  actor: Actor;
}): Promise<{ deadLetters: DeadLetter[] }> {
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 1000);
  const jobs = await withPlatform(ctx.db, { ...auditActor(actor), action: 'deadletters.list' }, (tx) =>
    findFailedJobs(tx, { limit }),
  );
  return { deadLetters: jobs.map(describe) };
}

function describe(job: FailedJob): DeadLetter {
  const data = record(job.data);
  const items = Array.isArray(data.items) ? data.items.map(record) : [];
  const tenantIds = new Set<string>();
  if (typeof data.tenantId === 'string') tenantIds.add(data.tenantId);
  for (const item of items) if (typeof item.tenantId === 'string') tenantIds.add(item.tenantId);
  const messageIds = Array.isArray(data.messageIds) ? data.messageIds.length : items.length;
  return {
    id: job.id,
    queue: job.queue,
    reason: reasonOf(job.output),
    attempts: job.retryCount + 1,
    failedAt: job.failedAt,
    createdAt: job.createdAt,
    tenantIds: [...tenantIds],
    messages: job.queue === 'receipt.apply' ? 0 : messageIds,
    receipts: Array.isArray(data.receipts) ? data.receipts.length : 0,
  };
}

function reasonOf(output: unknown): string {
  const o = record(output);
  if (typeof o.message === 'string' && o.message !== '') return o.message;
  if (output === null || output === undefined) return 'failed without an error (expired?)';
  return JSON.stringify(output).slice(0, 500);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
