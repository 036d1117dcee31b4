import { parseEnv, runtimeEnvFields } from '@pregon/services';
import { z } from 'zod';

const schema = z.object({
  ...runtimeEnvFields,
  /**
   * Which workers this process runs (DispatcherConfig.role): `all`, or `urgent` and `bulk` in two
   * processes so the keyword engine and emergency alerts never share an event loop with a blast.
   */
  PREGON_DISPATCHER_ROLE: z.enum(['all', 'urgent', 'bulk']).default('all'),
});

export type DispatcherEnv = z.infer<typeof schema>;

/** The dispatcher's configuration, validated once; nothing else reads process.env. */
export function loadEnv(source: Record<string, string | undefined> = process.env): DispatcherEnv {
  return parseEnv('dispatcher', schema, source);
}
