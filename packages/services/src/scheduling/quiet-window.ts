import { agencies, services, type Tx } from '@pregon/db';
import type { Lane } from '@pregon/domain';
import { eq, inArray } from 'drizzle-orm';
import { nextWindowOpening } from './quiet-hours.ts';

/** A message as quiet hours see it. */
export interface QuietHoursSubject {
  lane: Lane;
  serviceId: string | null;
  /** Set on web signup codes: the citizen is waiting for it on the signup page right now. */
  signupVerificationId?: string | null;
}

/** For each message, when quiet hours let it go (null: now). */
export type QuietHoursCheck = (m: QuietHoursSubject) => Date | null;

interface Window {
  start: string;
  end: string;
}

function windowOf(row: { quietHoursStart: string | null; quietHoursEnd: string | null }): Window | null {
  return row.quietHoursStart !== null && row.quietHoursEnd !== null
    ? { start: row.quietHoursStart, end: row.quietHoursEnd }
    : null;
}

/**
 * Loads the tenant's quiet hours (a service's own window overrides the agency's) and answers, per
 * message, when its window opens at `now` in the agency's time zone. Emergency messages never wait.
 * Runs inside the caller's tenant transaction; one read for the agency, one for the services.
 */
export async function loadQuietHours(
  tx: Tx,
  tenantId: string,
  serviceIds: string[],
  now: Date,
): Promise<QuietHoursCheck> {
  const [agency] = await tx
    .select({
      timezone: agencies.timezone,
      quietHoursStart: agencies.quietHoursStart,
      quietHoursEnd: agencies.quietHoursEnd,
    })
    .from(agencies)
    .where(eq(agencies.id, tenantId));
  const serviceRows =
    serviceIds.length === 0
      ? []
      : await tx
          .select({
            id: services.id,
            quietHoursStart: services.quietHoursStart,
            quietHoursEnd: services.quietHoursEnd,
          })
          .from(services)
          .where(inArray(services.id, serviceIds));
  const agencyWindow = agency ? windowOf(agency) : null;
  const serviceWindows = new Map(serviceRows.map((s) => [s.id, windowOf(s)]));
  if (!agency || (agencyWindow === null && [...serviceWindows.values()].every((w) => w === null)))
    return () => null;
  const timeZone = agency.timezone;
  // One computation per distinct window: every message of a batch shares `now`.
  const openings = new Map<string, Date | null>();
  return (m) => {
    if (m.lane === 'emergency' || m.signupVerificationId) return null;
    const w = (m.serviceId === null ? null : serviceWindows.get(m.serviceId)) ?? agencyWindow;
    if (w === null) return null;
    const key = `${w.start}-${w.end}`;
    if (!openings.has(key)) openings.set(key, nextWindowOpening(now, w.start, w.end, timeZone));
    return openings.get(key) ?? null;
  };
}
