import type { Database, Tx } from '@pregon/db';
import { AppError, type JobName, type JobPayload } from '@pregon/domain';
import type { InboundLimits } from './inbound/guard.ts';
import type { CarrierSecrets } from './secrets/carrier-secrets.ts';
import type { WebhookSettings } from './webhooks/settings.ts';

/**
 * Enqueues jobs inside the caller's transaction, so a job exists exactly when its rows do. Given the
 * database instead, the insert is one statement that commits on its own (the gateway's receipts).
 */
export interface JobQueue {
  enqueue<N extends JobName>(
    tx: Tx | Database,
    name: N,
    payloads: JobPayload<N>[],
    options?: EnqueueOptions,
  ): Promise<void>;
  /** Raw queue insert for per-carrier submit queues (dynamic names). */
  enqueueRaw(tx: Tx | Database, queue: string, payloads: object[], options?: EnqueueOptions): Promise<void>;
}

export interface EnqueueOptions {
  priority?: number;
  startAfter?: Date;
  singletonKey?: string;
  /** pg-boss group (the tenant): workers with groupConcurrency cap how many of one group run at once. */
  group?: { id: string };
}

export interface ServiceContext {
  db: Database;
  queue: JobQueue;
  now?: () => Date;
  /** Seals carrier passwords; verbs that read or write one fail loudly without it. */
  secrets?: CarrierSecrets;
  /** Webhook URL rule and delivery limits; defaults in webhooks/settings.ts. */
  webhooks?: WebhookSettings;
  /** Flood and reply-storm limits of the keyword engine; defaults in inbound/guard.ts. */
  inboundLimits?: InboundLimits;
  /** Messages a phone may get per rolling hour across every agency; unset or 0: no cap (processes set it from PREGON_RECIPIENT_CAP_PER_HOUR). */
  recipientCapPerHour?: number;
}

/** Who is acting: a console user (with a membership), an API key, the CLI, or the system. */
export type Actor =
  | { kind: 'user'; userId: string }
  | { kind: 'api_key'; keyId: string; tenantId: string }
  | { kind: 'cli' }
  | { kind: 'system' };

/** The audit columns for an actor. */
export function auditActor(actor: Actor): {
  actorKind: 'user' | 'api_key' | 'cli' | 'system';
  actorId: string | null;
} {
  switch (actor.kind) {
    case 'user':
      return { actorKind: 'user', actorId: actor.userId };
    case 'api_key':
      return { actorKind: 'api_key', actorId: actor.keyId };
    default:
      return { actorKind: actor.kind, actorId: null };
  }
}

/** For contexts that must never enqueue (CLI commands, seeding): calling it is a bug, said loudly. */
export const noJobQueue: JobQueue = {
  enqueue: async (_tx, name) => {
    throw new AppError('INTERNAL', `this context cannot enqueue jobs (tried ${name})`);
  },
  enqueueRaw: async (_tx, queue) => {
    throw new AppError('INTERNAL', `this context cannot enqueue jobs (tried ${queue})`);
  },
};
