import { AppError } from '@pregon/domain';
import {
  createSchedule,
  createScheduleInput,
  deleteSchedule,
  getSchedule,
  listSchedules,
  setScheduleEnabled,
} from '@pregon/services';
import { z } from 'zod';
import { agencyProcedure, router } from '../trpc.ts';

/** Viewers read schedules; everyone else in the agency may change them. */
const editorProcedure = agencyProcedure.use(({ ctx, next }) => {
  if (ctx.agency.role === 'viewer') throw new AppError('FORBIDDEN', 'Viewers cannot change schedules');
  return next();
});

/** A schedule by id or name. */
const ref = z.object({ schedule: z.string().min(1).max(100) });

export const schedulesRouter = router({
  /** The selected agency's recurring schedules, by name. */
  list: agencyProcedure.query(({ ctx }) =>
    listSchedules({ ctx: ctx.services, principal: { tenantId: ctx.agency.tenantId } }),
  ),

  /** One schedule with its next five run times (none while disabled); another agency's is NOT_FOUND. */
  get: agencyProcedure
    .input(ref)
    .query(({ ctx, input }) =>
      getSchedule({ ctx: ctx.services, input, principal: { tenantId: ctx.agency.tenantId } }),
    ),

  /** A cron (5 fields, in the agency's time zone unless given) that sends a message or a broadcast. */
  create: editorProcedure.input(createScheduleInput).mutation(({ ctx, input }) =>
    createSchedule({
      ctx: ctx.services,
      input,
      principal: { tenantId: ctx.agency.tenantId, actor: { kind: 'user', userId: ctx.user.userId } },
    }),
  ),

  /** Turns a schedule off, or back on from the next occurrence after now. */
  setEnabled: editorProcedure.input(ref.extend({ enabled: z.boolean() })).mutation(({ ctx, input }) =>
    setScheduleEnabled({
      ctx: ctx.services,
      input,
      principal: { tenantId: ctx.agency.tenantId, actor: { kind: 'user', userId: ctx.user.userId } },
    }),
  ),

  /** Deletes a schedule; the messages it sent stay. */
  delete: editorProcedure.input(ref).mutation(({ ctx, input }) =>
    deleteSchedule({
      ctx: ctx.services,
      input,
      principal: { tenantId: ctx.agency.tenantId, actor: { kind: 'user', userId: ctx.user.userId } },
    }),
  ),
});
