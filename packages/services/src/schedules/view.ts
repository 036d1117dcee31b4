import type { ScheduleRunResult, schedules } from '@pregon/db';
import type { Actor } from '../context.ts';

/** A recurring schedule as agencies see it. */
export interface ScheduleView {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  service: string | null;
  kind: 'message' | 'broadcast';
  /** What each run sends: the message or broadcast spec as given. */
  spec: Record<string, unknown>;
  enabled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastResult: ScheduleRunResult | null;
  runCount: number;
  createdBy: string;
  createdAt: string;
}

export function toScheduleView(row: typeof schedules.$inferSelect, service: string | null): ScheduleView {
  return {
    id: row.id,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    service,
    kind: row.kind,
    spec: row.spec,
    enabled: row.enabled,
    nextRunAt: row.nextRunAt?.toISOString() ?? null,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    lastResult: row.lastResult ?? null,
    runCount: row.runCount,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Who created it, as stored: 'user:<id>', 'api_key:<id>', 'cli', 'system'. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.userId}`;
    case 'api_key':
      return `api_key:${actor.keyId}`;
    default:
      return actor.kind;
  }
}
