import { listServices } from '@pregon/services';
import { agencyProcedure, router } from '../trpc.ts';

export const servicesRouter = router({
  /** The selected agency's services, for every place the console asks which one. */
  list: agencyProcedure.query(({ ctx }) =>
    listServices({ ctx: ctx.services, tenantId: ctx.agency.tenantId }),
  ),
});
