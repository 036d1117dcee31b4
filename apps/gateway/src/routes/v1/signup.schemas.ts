import { z } from '@hono/zod-openapi';
import { ErrorBody } from './schemas.ts';

export const SignupAgencyParam = z.object({
  agencySlug: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'agencySlug', in: 'path' }, example: 'ajuntament-alzira' }),
});

const phone = z
  .string()
  .min(1)
  .max(32)
  .openapi({ description: 'E.164, or a Spanish national number', example: '+34600000001' });
const service = z.string().min(1).max(64).openapi({ description: 'Slug of a service open to web signup' });

export const SignupCodeBody = z
  .object({
    service,
    phone,
    language: z.enum(['es', 'ca', 'en']).default('es').openapi({
      description: 'Language of the code SMS and of every later message to the subscriber',
    }),
    attributes: z
      .record(z.string().max(40), z.string().max(200))
      .default({})
      .openapi({
        description:
          "Values for the attributes the service's keywords take (listed on the signup page), e.g. district",
        example: { district: 'CENTRO' },
      }),
  })
  .openapi('SignupCodeRequest');

export const SignupCodeSent = z
  .object({ status: z.literal('sent'), expiresInSeconds: z.number().int() })
  .openapi('SignupCodeSent');

export const SignupVerifyBody = z
  .object({
    service,
    phone,
    code: z
      .string()
      .min(1)
      .max(20)
      .openapi({ description: 'The 6 digits received by SMS', example: '482913' }),
  })
  .openapi('SignupVerifyRequest');

export const SignupVerified = z
  .object({ status: z.literal('subscribed'), service: z.string() })
  .openapi('SignupVerified');

const json = { 'application/json': { schema: ErrorBody } };
export const signupErrors = {
  400: { description: 'Invalid request, or a code that is wrong, used, expired or dead', content: json },
  404: { description: 'No such agency, or the service does not take signups on the web', content: json },
  429: { description: 'Too many codes for this phone or from this address; see Retry-After', content: json },
} as const;
