import { agencies, auditEvents, services, withPlatform } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';
import { CLOCK_TIME } from './quiet-hours.ts';

const clockTime = z.string().regex(CLOCK_TIME, 'must be a time of day HH:MM (00:00-23:59)');

const fields = z.object({
  agencySlug: z.string().min(1),
  serviceSlug: z.string().min(1).optional(),
  start: clockTime.nullable(),
  end: clockTime.nullable(),
});

function checkWindow(v: { start: string | null; end: string | null }, ctx: z.RefinementCtx): void {
  if ((v.start === null) !== (v.end === null))
    ctx.addIssue({
      code: 'custom',
      path: [v.start === null ? 'start' : 'end'],
      message: 'give both start and end, or neither to turn quiet hours off',
    });
  else if (v.start !== null && v.start === v.end)
    ctx.addIssue({ code: 'custom', path: ['end'], message: 'must differ from start' });
}

export const setQuietHoursInput = fields.superRefine(checkWindow);
/** The same, for an edge that knows the agency already (the console's selected one). */
export const quietHoursWindowInput = fields.omit({ agencySlug: true }).superRefine(checkWindow);

export interface QuietHoursSetting {
  agency: string;
  service: string | null;
  start: string | null;
  end: string | null;
  timezone: string;
}

/**
 * Sets (or, with null start and end, clears) the quiet hours of an agency or of one of its services,
 * as wall-clock times in the agency's time zone; a window may cross midnight (21:00-08:00). A
 * service without its own window follows the agency's. Audited: operators run it from the CLI and
 * agency admins from the console (the edge checks the role).
 */
export async function setQuietHours({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof setQuietHoursInput>;
  actor: Actor;
}): Promise<QuietHoursSetting> {
  const data = setQuietHoursInput.parse(input);
  const window = { quietHoursStart: data.start, quietHoursEnd: data.end };
  const target = data.serviceSlug === undefined ? data.agencySlug : `${data.agencySlug}/${data.serviceSlug}`;
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'quiet_hours.set', target, detail: { start: data.start, end: data.end } },
    async (tx) => {
      const [agency] = await tx.select().from(agencies).where(eq(agencies.slug, data.agencySlug));
      if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`);
      if (data.serviceSlug === undefined) {
        await tx.update(agencies).set(window).where(eq(agencies.id, agency.id));
      } else {
        const updated = await tx
          .update(services)
          .set(window)
          .where(and(eq(services.tenantId, agency.id), eq(services.slug, data.serviceSlug)))
          .returning({ id: services.id });
        if (updated.length === 0)
          throw new AppError('NOT_FOUND', `Agency "${agency.slug}" has no service "${data.serviceSlug}"`);
      }
      await tx.insert(auditEvents).values({
        tenantId: agency.id,
        ...auditActor(actor),
        action: 'quiet_hours.set',
        target,
        detail: { start: data.start, end: data.end },
      });
      return {
        agency: agency.slug,
        service: data.serviceSlug ?? null,
        start: data.start,
        end: data.end,
        timezone: agency.timezone,
      };
    },
  );
}
