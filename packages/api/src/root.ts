import { agenciesRouter } from './routers/agencies.ts';
import { authRouter } from './routers/auth.ts';
import { broadcastsRouter, savedListsRouter } from './routers/broadcasts.ts';
import { carriersRouter, routesRouter } from './routers/carriers.ts';
import { conversationsRouter } from './routers/conversations.ts';
import { deadLettersRouter } from './routers/dead-letters.ts';
import { inboundRouter } from './routers/inbound.ts';
import { keywordsRouter } from './routers/keywords.ts';
import { messagesRouter } from './routers/messages.ts';
import { optOutsRouter } from './routers/opt-outs.ts';
import { quotaRouter } from './routers/quota.ts';
import { schedulesRouter } from './routers/schedules.ts';
import { servicesRouter } from './routers/services.ts';
import { signupRouter } from './routers/signup.ts';
import { statsRouter } from './routers/stats.ts';
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
  conversations: conversationsRouter,
  signup: signupRouter,
  schedules: schedulesRouter,
  services: servicesRouter,
  keywords: keywordsRouter,
  inbound: inboundRouter,
  quota: quotaRouter,
  stats: statsRouter,
  broadcasts: broadcastsRouter,
  savedLists: savedListsRouter,
  deadLetters: deadLettersRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (tests, server-side tooling). */
export const createCaller = createCallerFactory(appRouter);
