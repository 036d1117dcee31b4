import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
  /** Pool size per pool; `pnpm start` sets 1 for the embedded database. */
  PREGON_DB_POOL: z.coerce.number().int().min(1).max(100).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type DispatcherEnv = z.infer<typeof schema>;

/** The dispatcher's configuration, validated once; nothing else reads process.env. */
export function loadEnv(source: Record<string, string | undefined> = process.env): DispatcherEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid dispatcher configuration: ${problems}`);
  }
  return parsed.data;
}
