import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { appRouter, createTrpcContext } from '@pregon/api';
import { AppError } from '@pregon/domain';
import { ApiKeyCache } from '@pregon/services';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { requestId } from 'hono/request-id';
import { apiKeyAuth } from './http/auth.ts';
import { errorResponse, onError } from './http/errors.ts';
import type { GatewayDeps, GatewayEnvBindings } from './http/types.ts';
import { registerDocs } from './routes/docs.ts';
import { registerHealth } from './routes/health.ts';
import { registerMetrics } from './routes/metrics.ts';
import { registerSignupPage } from './routes/signup-page.ts';
import { registerCancelBroadcast } from './routes/v1/broadcasts.cancel.ts';
import { registerCreateBroadcast } from './routes/v1/broadcasts.create.ts';
import { registerGetBroadcast } from './routes/v1/broadcasts.get.ts';
import { registerListBroadcasts } from './routes/v1/broadcasts.list.ts';
import { registerPauseBroadcast } from './routes/v1/broadcasts.pause.ts';
import { registerResumeBroadcast } from './routes/v1/broadcasts.resume.ts';
import { registerCreateSavedList } from './routes/v1/lists.create.ts';
import { registerDeleteSavedList } from './routes/v1/lists.delete.ts';
import { registerListSavedLists } from './routes/v1/lists.list.ts';
import { registerCancelMessage } from './routes/v1/messages.cancel.ts';
import { registerGetMessage } from './routes/v1/messages.get.ts';
import { registerListMessageReplies } from './routes/v1/messages.replies.ts';
import { registerSendMessage } from './routes/v1/messages.send.ts';
import { registerCreateSchedule } from './routes/v1/schedules.create.ts';
import { registerDeleteSchedule } from './routes/v1/schedules.delete.ts';
import { registerGetSchedule } from './routes/v1/schedules.get.ts';
import { registerListSchedules } from './routes/v1/schedules.list.ts';
import { registerUpdateSchedule } from './routes/v1/schedules.update.ts';
import { registerSignupCode } from './routes/v1/signup.code.ts';
import { registerSignupVerify } from './routes/v1/signup.verify.ts';
import { registerListWebhookAttempts } from './routes/v1/webhooks.attempts.ts';
import { registerCreateWebhook } from './routes/v1/webhooks.create.ts';
import { registerDeleteWebhook } from './routes/v1/webhooks.delete.ts';
import { registerListWebhooks } from './routes/v1/webhooks.list.ts';
import { registerRotateWebhookSecret } from './routes/v1/webhooks.rotate.ts';

/** The gateway's HTTP surface: REST /v1, tRPC /trpc, health, docs and the built console. */
export function createApp(deps: GatewayDeps): OpenAPIHono<GatewayEnvBindings> {
  const app = new OpenAPIHono<GatewayEnvBindings>({
    // Schema failures become the API's one error shape, naming the field.
    defaultHook: (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      const message = issue ? `${field ? `"${field}" ` : ''}${issue.message}` : 'Invalid request';
      return errorResponse(
        c,
        new AppError('BAD_REQUEST', message, { details: { field, issues: result.error.issues.length } }),
      );
    },
  });
  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(async (c, next) => {
    c.set('log', deps.logger.child({ requestId: c.get('requestId') }));
    const started = performance.now();
    await next();
    if (c.req.path.startsWith('/v1') || c.req.path.startsWith('/trpc')) {
      c.get('log').debug(
        {
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    }
  });
  app.onError(onError);

  registerHealth(app, deps);
  registerMetrics(app, deps.linkMetrics ?? null, deps.metricsToken ?? null);
  registerDocs(app);
  // One middleware for every /v1 route, so a key has one rate bucket and one cache entry.
  const auth = apiKeyAuth(
    deps.services,
    deps.apiRatePerSecond,
    new ApiKeyCache({ ttlMs: deps.apiKeyCacheMs ?? 5_000 }),
  );
  app.use('/v1/messages', auth);
  app.use('/v1/messages/*', auth);
  registerSendMessage(app, deps);
  registerGetMessage(app, deps);
  registerCancelMessage(app, deps);
  registerListMessageReplies(app, deps);
  app.use('/v1/webhooks', auth);
  app.use('/v1/webhooks/*', auth);
  registerCreateWebhook(app, deps);
  registerListWebhooks(app, deps);
  registerRotateWebhookSecret(app, deps);
  registerDeleteWebhook(app, deps);
  registerListWebhookAttempts(app, deps);
  app.use('/v1/schedules', auth);
  app.use('/v1/schedules/*', auth);
  registerCreateSchedule(app, deps);
  registerListSchedules(app, deps);
  registerGetSchedule(app, deps);
  registerUpdateSchedule(app, deps);
  registerDeleteSchedule(app, deps);
  app.use('/v1/broadcasts', auth);
  app.use('/v1/broadcasts/*', auth);
  registerCreateBroadcast(app, deps);
  registerListBroadcasts(app, deps);
  registerGetBroadcast(app, deps);
  registerPauseBroadcast(app, deps);
  registerResumeBroadcast(app, deps);
  registerCancelBroadcast(app, deps);
  app.use('/v1/lists', auth);
  app.use('/v1/lists/*', auth);
  registerCreateSavedList(app, deps);
  registerListSavedLists(app, deps);
  registerDeleteSavedList(app, deps);
  // Public (no API key): the citizen signup page and the two calls it makes.
  registerSignupCode(app, deps);
  registerSignupVerify(app, deps);
  registerSignupPage(app, deps);
  app.all('/v1/*', (c) =>
    errorResponse(c, new AppError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}`)),
  );

  app.all('/trpc/*', (c) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      createContext: () =>
        createTrpcContext({
          services: deps.services,
          authorization: c.req.header('authorization'),
          agency: c.req.header('x-pregon-agency'),
        }),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') c.get('log').error({ err: error, path }, 'trpc error');
      },
    }),
  );

  const consoleDir = deps.consoleDir;
  if (consoleDir && existsSync(join(consoleDir, 'index.html'))) {
    app.use('/*', serveStatic({ root: consoleDir }));
    // Single-page app: unknown paths get the console's index.
    app.get('*', async (c) => c.html(await readFile(join(consoleDir, 'index.html'), 'utf8')));
  } else {
    app.get('/', (c) =>
      c.text('Pregón gateway. The console is not built: run `pnpm --filter @pregon/console build`.'),
    );
  }
  return app;
}
