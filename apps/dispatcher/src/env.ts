import { parseEnv, runtimeEnvFields } from '@pregon/services';
import { z } from 'zod';

const schema = z.object({ ...runtimeEnvFields });

export type DispatcherEnv = z.infer<typeof schema>;

/** The dispatcher's configuration, validated once; nothing else reads process.env. */
export function loadEnv(source: Record<string, string | undefined> = process.env): DispatcherEnv {
  return parseEnv('dispatcher', schema, source);
}
