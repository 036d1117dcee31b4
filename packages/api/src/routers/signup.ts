import { AppError } from '@pregon/domain';
import { loadSignupPage, setWebSignup } from '@pregon/services';
import { z } from 'zod';
import { agencyProcedure, router } from '../trpc.ts';

export const signupRouter = router({
  /** What the selected agency's public page `/signup/<agency>` offers. */
  page: agencyProcedure.query(({ ctx }) =>
    loadSignupPage({ ctx: ctx.services, input: { agencySlug: ctx.agency.slug } }),
  ),

  /** Opens or closes a service to self-signup on the public page (agency admins). */
  setWebSignup: agencyProcedure
    .input(z.object({ serviceSlug: z.string().min(1), enabled: z.boolean() }))
    .mutation(({ ctx, input }) => {
      if (ctx.agency.role !== 'agency_admin')
        throw new AppError('FORBIDDEN', 'Only agency admins may open a service to web signup');
      return setWebSignup({
        ctx: ctx.services,
        input: { ...input, agencySlug: ctx.agency.slug },
        actor: { kind: 'user', userId: ctx.user.userId },
      });
    }),
});
