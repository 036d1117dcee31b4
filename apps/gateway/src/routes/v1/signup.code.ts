import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { isAppError } from '@pregon/domain';
import { requestSignupCode } from '@pregon/services';
import type { Context } from 'hono';
import { clientAddress } from '../../http/client-address.ts';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { SignupAgencyParam, SignupCodeBody, SignupCodeSent, signupErrors } from './signup.schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/public/signup/{agencySlug}/code',
  tags: ['public signup'],
  summary: 'Send a one-time code to a phone that wants to join a service (no API key)',
  description:
    'Used by the public signup page `/signup/{agencySlug}`. Sends a 6-digit code by SMS from the service sender; it expires in 10 minutes and dies after 5 wrong tries. At most 3 codes an hour per phone and 10 per address (429 with Retry-After). The answer is the same whether or not the phone is already subscribed.',
  request: {
    params: SignupAgencyParam,
    body: { content: { 'application/json': { schema: SignupCodeBody } }, required: true },
  },
  responses: {
    202: { description: 'A code is on its way', content: { 'application/json': { schema: SignupCodeSent } } },
    ...signupErrors,
  },
});

/** Turns a rate-limit refusal into its Retry-After header before the error goes out. */
export function withRetryAfter(c: Context, error: unknown): never {
  if (isAppError(error) && error.code === 'RATE_LIMITED') {
    const retryAfter = error.details?.retryAfter;
    if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  }
  throw error;
}

/** POST /v1/public/signup/{agencySlug}/code */
export function registerSignupCode(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const sent = await requestSignupCode({
      ctx: deps.services,
      input: {
        agencySlug: c.req.valid('param').agencySlug,
        service: body.service,
        phone: body.phone,
        language: body.language,
        attributes: body.attributes,
        ip: clientAddress(c, deps.trustProxy ?? false),
        userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
      },
    }).catch((error: unknown) => withRetryAfter(c, error));
    return c.json(sent, 202);
  });
}
