import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { decodeSecretKey } from '../secrets/secret-key.ts';

/** The variables every long-running process (gateway, dispatcher) reads, with their defaults. */
export const runtimeEnvFields = {
  DATABASE_URL: z
    .string({ message: 'DATABASE_URL is required (pnpm start sets it for the embedded database)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  /** Pool size per pool; `pnpm start` sets 1 for the embedded database. */
  PREGON_DB_POOL: z.coerce.number().int().min(1).max(100).default(8),
  /** Wake queue workers by LISTEN/NOTIFY; `pnpm start` turns it off on the embedded database. */
  PREGON_QUEUE_NOTIFY: z.enum(['true', 'false']).default('true'),
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
  /** Messages one phone may get per rolling hour across every agency (emergency and replies exempt); 0: no cap. */
  PREGON_RECIPIENT_CAP_PER_HOUR: z.coerce.number().int().min(0).max(10_000).default(10),
  /** Let webhooks target loopback (http://localhost, 127.0.0.1, ::1): local receivers in development. */
  PREGON_WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false'),
  /** Where the development secret key lives when PREGON_SECRET_KEY is unset (as for `pnpm start`). */
  PREGON_HOME: z.string().default(fileURLToPath(new URL('../../../../.pregon', import.meta.url))),
};

/** Validates a process's environment once; a bad variable is an error that names it. */
export function parseEnv<S extends z.ZodType>(
  app: string,
  schema: S,
  source: Record<string, string | undefined>,
): z.output<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid ${app} configuration: ${problems}`);
  }
  return parsed.data;
}
