import { parseArgs } from 'node:util';

export type BenchName = 'codec' | 'e2e';

export interface BenchArgs {
  readonly only: readonly BenchName[];
  /** Messages the end-to-end benchmark sends. */
  readonly messages: number;
}

export const USAGE = 'usage: pnpm bench [--only codec|e2e] [--messages N]';

/** Reads `--only codec|e2e` and `--messages N`; throws a usage error on anything else. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string' },
      messages: { type: 'string', default: '5000' },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only;
  if (only !== undefined && only !== 'codec' && only !== 'e2e') {
    throw new Error(`--only must be codec or e2e, got ${JSON.stringify(only)}`);
  }
  const messages = Number(values.messages);
  if (!Number.isInteger(messages) || messages < 1) {
    throw new Error(`--messages must be a positive integer, got ${JSON.stringify(values.messages)}`);
  }
  return { only: only === undefined ? ['codec', 'e2e'] : [only], messages };
}
