import { fileURLToPath } from 'node:url';
import { decodeSecretKey } from '@pregon/services';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (pnpm start sets it for the embedded database)'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** SMPP listener for agency systems binding as ESMEs; 0 picks a free port. */
  SMPP_PORT: z.coerce.number().int().min(0).max(65535).default(2775),
  SMPP_HOST: z.string().default('127.0.0.1'),
  /** How long a concatenated MO waits for missing parts before it is stored incomplete. */
  PREGON_MO_REASSEMBLY_MS: z.coerce.number().int().min(100).default(60_000),
  PREGON_DB_POOL: z.coerce.number().int().min(1).max(100).default(8),
  /** Wake queue workers by LISTEN/NOTIFY; `pnpm start` turns it off on the embedded database. */
  PREGON_QUEUE_NOTIFY: z.enum(['true', 'false']).default('true'),
  PREGON_CONSOLE_DIR: z.string().default(fileURLToPath(new URL('../../console/dist', import.meta.url))),
  /** Requests per second per API key before 429. */
  PREGON_API_RATE: z.coerce.number().int().min(1).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Base64 of 32 bytes (`openssl rand -base64 32`): seals carrier passwords. Unset: PREGON_HOME/secret.key. */
  PREGON_SECRET_KEY: z
    .string()
    .optional()
    .transform((value, issue) => {
      if (value === undefined || value.trim() === '') return undefined;
      const key = decodeSecretKey(value);
      if (!key) issue.addIssue({ code: 'custom', message: 'PREGON_SECRET_KEY must be base64 of 32 bytes' });
      return key;
    }),
  /** Where the development secret key lives when PREGON_SECRET_KEY is unset (as for `pnpm start`). */
  PREGON_HOME: z.string().default(fileURLToPath(new URL('../../../.pregon', import.meta.url))),
});

export type GatewayEnv = z.infer<typeof schema>;

/** The gateway's configuration, validated once; nothing else reads process.env. */
export function loadEnv(source: Record<string, string | undefined> = process.env): GatewayEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid gateway configuration: ${problems}`);
  }
  return parsed.data;
}
