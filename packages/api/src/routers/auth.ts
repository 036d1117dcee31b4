import { login, logout } from '@pregon/services';
import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  /** Email and password -> a bearer session token for the console. */
  login: publicProcedure
    .input(z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      const session = await login({ ctx: ctx.services, input });
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: session.user };
    }),

  /** Ends the current session; succeeds even when it had already expired. */
  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.token !== undefined) await logout({ ctx: ctx.services, input: { token: ctx.token } });
    return { ok: true as const };
  }),

  /** The logged-in user with their memberships. */
  me: authedProcedure.query(({ ctx }) => ctx.user),
});
