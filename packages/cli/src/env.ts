import { fileURLToPath } from 'node:url';
import { AppError } from '@pregon/domain';
import { decodeSecretKey } from '@pregon/services';
import { z } from 'zod';

/** The environment the CLI reads; `runCli` gets it through `io.env`, so tests never touch process.env. */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface CliEnv {
  /** An external PostgreSQL; unset means the embedded database of `pnpm start`. */
  databaseUrl: string | undefined;
  /** PREGON_DEBUG=1 prints stack traces of unexpected errors on stderr. */
  debug: boolean;
  /** PREGON_SIMULATOR_PORT, the port `pnpm start` gives its SMSC simulator when set. */
  simulatorPort: number | undefined;
  /** PREGON_HOME: where the embedded database keeps its data (default `.pregon/` at the repository root). */
  home: string | undefined;
  /** PREGON_SECRET_KEY (base64, 32 bytes): seals carrier passwords; unset, `<home>/secret.key` does. */
  secretKey: Uint8Array | undefined;
  /** Where that development key lives: PREGON_HOME, else `.pregon/` at the repository root. */
  secretHome: string;
}

// The same directory `pnpm start` and the embedded database use.
const DEFAULT_HOME = fileURLToPath(new URL('../../../.pregon', import.meta.url));

const blankIsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const cliEnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  PREGON_HOME: z.preprocess(blankIsUnset, z.string().optional()),
  PREGON_SECRET_KEY: z.preprocess(
    blankIsUnset,
    z
      .string()
      .refine((v) => decodeSecretKey(v) !== undefined, 'must be base64 of 32 bytes (openssl rand -base64 32)')
      .optional(),
  ),
  PREGON_DEBUG: z.preprocess(blankIsUnset, z.enum(['0', '1', 'true', 'false']).optional()),
  PREGON_SIMULATOR_PORT: z.preprocess(
    blankIsUnset,
    z.coerce.number('must be a port number').int().min(0).max(65535, 'must be a port number').optional(),
  ),
});

/** Validates the variables the CLI uses; a bad one is an error naming it. */
export function readCliEnv(env: Environment): CliEnv {
  const parsed = cliEnvSchema.safeParse({
    DATABASE_URL: env.DATABASE_URL,
    PREGON_DEBUG: env.PREGON_DEBUG,
    PREGON_SIMULATOR_PORT: env.PREGON_SIMULATOR_PORT,
    PREGON_HOME: env.PREGON_HOME,
    PREGON_SECRET_KEY: env.PREGON_SECRET_KEY,
  });
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('BAD_REQUEST', `Invalid environment: ${message}`);
  }
  return {
    databaseUrl: parsed.data.DATABASE_URL,
    debug: parsed.data.PREGON_DEBUG === '1' || parsed.data.PREGON_DEBUG === 'true',
    // 0 asks `pnpm start` for a free port: no fixed address to default to.
    simulatorPort: parsed.data.PREGON_SIMULATOR_PORT || undefined,
    home: parsed.data.PREGON_HOME,
    secretKey:
      parsed.data.PREGON_SECRET_KEY === undefined
        ? undefined
        : decodeSecretKey(parsed.data.PREGON_SECRET_KEY),
    secretHome: parsed.data.PREGON_HOME ?? DEFAULT_HOME,
  };
}

/** The real process environment, for the `pregon` binary only. */
export function processEnvironment(): Environment {
  return process.env;
}
