import { parseArgs } from 'node:util';

export type BenchName = 'codec' | 'e2e' | 'submit' | 'blast' | 'share';
const NAMES: readonly BenchName[] = ['codec', 'e2e', 'submit', 'blast', 'share'];
/** What `pnpm bench` runs without --only: the blast and share runs take many minutes each. */
const DEFAULT_NAMES: readonly BenchName[] = ['codec', 'e2e', 'submit'];

export interface BenchArgs {
  readonly only: readonly BenchName[];
  /** Messages the end-to-end benchmark sends (default 5,000). */
  readonly messages: number;
  /** Messages each submit run pushes, per window and per gateway (default 20,000). */
  readonly submitMessages: number;
  /** SMPP windows the submit benchmark runs with (default 1, 10, 50). */
  readonly windows: readonly number[];
  /** Subscribers of the election blast (default 1,000,000) and messages of the share run (default 100,000). */
  readonly recipients: number | null;
  /** blast: one dispatcher process running everything instead of the bulk + urgent pair. */
  readonly oneDispatcher: boolean;
}

export const USAGE =
  'usage: pnpm bench [--only codec|e2e|submit|blast|share] [--messages N] [--windows 1,10,50] [--recipients N] [--one-dispatcher]';

function positiveInteger(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

function isBenchName(value: string): value is BenchName {
  return (NAMES as readonly string[]).includes(value);
}

/**
 * Reads `--only codec|e2e|submit`, `--messages N` (e2e default 5,000, submit default 20,000; when given
 * it sets both) and `--windows 1,10,50`; throws a usage error on anything else.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string' },
      messages: { type: 'string' },
      windows: { type: 'string', default: '1,10,50' },
      recipients: { type: 'string' },
      'one-dispatcher': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only;
  if (only !== undefined && !isBenchName(only)) {
    throw new Error(`--only must be one of ${NAMES.join(', ')}, got ${JSON.stringify(only)}`);
  }
  const messages = values.messages === undefined ? null : positiveInteger('--messages', values.messages);
  const windows = values.windows.split(',').map((w) => positiveInteger('--windows', w.trim()));
  return {
    only: only === undefined ? DEFAULT_NAMES : [only],
    messages: messages ?? 5000,
    submitMessages: messages ?? 20_000,
    windows,
    recipients: values.recipients === undefined ? null : positiveInteger('--recipients', values.recipients),
    oneDispatcher: values['one-dispatcher'],
  };
}

/**
 * Reads PREGON_CHILD_NODE_OPTIONS: Node flags for the gateway and dispatcher processes of blast and
 * share, separated by spaces, e.g. `--cpu-prof --cpu-prof-dir=.bench/profiles`.
 */
export function parseChildNodeFlags(raw: string | undefined): string[] {
  const flags = (raw ?? '').split(/\s+/).filter((f) => f !== '');
  const bad = flags.find((f) => !f.startsWith('-'));
  if (bad !== undefined)
    throw new Error(
      `PREGON_CHILD_NODE_OPTIONS takes Node flags separated by spaces (--flag or --flag=value), got ${JSON.stringify(bad)}`,
    );
  return flags;
}
