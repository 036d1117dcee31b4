import { fileURLToPath } from 'node:url';
import { parseEnv, runtimeEnvFields } from '@pregon/services';
import { z } from 'zod';

const schema = z.object({
  ...runtimeEnvFields,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** SMPP listener for agency systems binding as ESMEs; 0 picks a free port. */
  SMPP_PORT: z.coerce.number().int().min(0).max(65535).default(2775),
  SMPP_HOST: z.string().default('127.0.0.1'),
  /** How long a concatenated MO waits for missing parts before it is stored incomplete. */
  PREGON_MO_REASSEMBLY_MS: z.coerce.number().int().min(100).default(60_000),
  PREGON_CONSOLE_DIR: z.string().default(fileURLToPath(new URL('../../console/dist', import.meta.url))),
  /** Requests per second per API key before 429. */
  PREGON_API_RATE: z.coerce.number().int().min(1).default(1000),
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  PREGON_METRICS_TOKEN: z.string().min(16, 'PREGON_METRICS_TOKEN must be at least 16 characters').optional(),
  /** 'true' behind a reverse proxy: client addresses (signup rate limits, consent) come from X-Forwarded-For. */
  PREGON_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
});

export type GatewayEnv = z.infer<typeof schema>;

/** The gateway's configuration, validated once; nothing else reads process.env. */
export function loadEnv(source: Record<string, string | undefined> = process.env): GatewayEnv {
  return parseEnv('gateway', schema, source);
}
