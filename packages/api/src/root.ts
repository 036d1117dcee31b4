import { agenciesRouter } from './routers/agencies.ts';
import { authRouter } from './routers/auth.ts';
import { carriersRouter, routesRouter } from './routers/carriers.ts';
import { messagesRouter } from './routers/messages.ts';
import { optOutsRouter } from './routers/opt-outs.ts';
import { subscribersRouter } from './routers/subscribers.ts';
import { webhooksRouter } from './routers/webhooks.ts';
import { createCallerFactory, router } from './trpc.ts';

/** The console's API: one router per domain. */
export const appRouter = router({
  auth: authRouter,
  messages: messagesRouter,
  agencies: agenciesRouter,
  carriers: carriersRouter,
  routes: routesRouter,
  webhooks: webhooksRouter,
  subscribers: subscribersRouter,
  optOuts: optOutsRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (tests, server-side tooling). */
export const createCaller = createCallerFactory(appRouter);
