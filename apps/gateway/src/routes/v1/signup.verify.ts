import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { verifySignupCode } from '@pregon/services';
import { clientAddress } from '../../http/client-address.ts';
import type { GatewayDeps, GatewayEnvBindings } from '../../http/types.ts';
import { SignupAgencyParam, SignupVerified, SignupVerifyBody, signupErrors } from './signup.schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/public/signup/{agencySlug}/verify',
  tags: ['public signup'],
  summary: 'Prove the phone with its code and join the service (no API key)',
  description:
    "Checks the code of the phone's newest request for the service. Right: the subscriber is active with a consent (channel `web`: address, user agent, time, verification), a STOP of that service is lifted, your `subscriber.opted_in` webhook fires and the citizen gets a confirmation SMS. Anything else answers 400 with one message, whatever the reason.",
  request: {
    params: SignupAgencyParam,
    body: { content: { 'application/json': { schema: SignupVerifyBody } }, required: true },
  },
  responses: {
    200: { description: 'Subscribed', content: { 'application/json': { schema: SignupVerified } } },
    ...signupErrors,
  },
});

/** POST /v1/public/signup/{agencySlug}/verify */
export function registerSignupVerify(app: OpenAPIHono<GatewayEnvBindings>, deps: GatewayDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const done = await verifySignupCode({
      ctx: deps.services,
      input: {
        agencySlug: c.req.valid('param').agencySlug,
        service: body.service,
        phone: body.phone,
        code: body.code,
        ip: clientAddress(c, deps.trustProxy ?? false),
        userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
      },
    });
    return c.json(done, 200);
  });
}
