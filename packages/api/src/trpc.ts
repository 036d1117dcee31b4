import { AppError } from '@pregon/domain';
import { initTRPC } from '@trpc/server';
import { selectMembership, type TrpcContext } from './context.ts';
import { errorDetails, INTERNAL_MESSAGE, translateError } from './errors.ts';

const t = initTRPC.context<TrpcContext>().create({
  // Stack traces and internal messages stay on the server, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const internal = shape.data.code === 'INTERNAL_SERVER_ERROR';
    return {
      message: internal ? INTERNAL_MESSAGE : shape.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        ...(shape.data.path === undefined ? {} : { path: shape.data.path }),
        details: internal ? null : errorDetails(error),
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure starts here, so every error is translated exactly once. */
export const publicProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw translateError(result.error);
  return result;
});

/** A logged-in console user. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = await ctx.session();
  return next({ ctx: { user } });
});

/** A user acting as one of their agencies (x-pregon-agency, else their default). */
export const agencyProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const agency = selectMembership(ctx.user, ctx.agencySlug);
  return next({ ctx: { agency } });
});

/** Platform-level data: carriers, every agency. */
export const platformAdminProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user.isPlatformAdmin) throw new AppError('FORBIDDEN', 'Only platform admins may do this');
  return next();
});
