import { AppError } from '@pregon/domain';
import {
  exportSubscribers,
  exportSubscribersInput,
  importSubscribers,
  importSubscribersInput,
  pageSubscribers,
  pageSubscribersInput,
} from '@pregon/services';
import { agencyProcedure, router } from '../trpc.ts';

/** Subscriber lists are personal data: agency admins and operators import and export them, viewers do not. */
const listProcedure = agencyProcedure.use(({ ctx, next }) => {
  const role = ctx.agency.role;
  if (role !== 'agency_admin' && role !== 'operator' && !ctx.user.isPlatformAdmin)
    throw new AppError('FORBIDDEN', 'Only agency admins and operators import or export subscribers');
  return next();
});

export const subscribersRouter = router({
  /** One page of a service's subscribers by phone, filtered; `next` is the `after` of the next page. */
  list: listProcedure
    .input(pageSubscribersInput)
    .query(({ ctx, input }) => pageSubscribers({ ctx: ctx.services, tenantId: ctx.agency.tenantId, input })),

  /** A CSV into a service: `mode: 'validate'` reports only; `'import'` writes every row or none. */
  import: listProcedure.input(importSubscribersInput).mutation(({ ctx, input }) =>
    importSubscribers({
      ctx: ctx.services,
      tenantId: ctx.agency.tenantId,
      input,
      actor: { kind: 'user', userId: ctx.user.userId },
    }),
  ),

  /** The service's active subscribers as CSV, in the format `import` reads. */
  export: listProcedure.input(exportSubscribersInput).query(({ ctx, input }) =>
    exportSubscribers({
      ctx: ctx.services,
      tenantId: ctx.agency.tenantId,
      input,
      actor: { kind: 'user', userId: ctx.user.userId },
    }),
  ),
});
