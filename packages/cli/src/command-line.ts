import type { Command } from './command.ts';
import { closest } from './did-you-mean.ts';
import { usageError } from './usage-error.ts';

export interface GlobalFlags {
  json: boolean;
  help: boolean;
  /** The line without the global flags. */
  rest: string[];
}

/** Pulls `--json` and `--help`/`-h` from anywhere on the line (up to a `--` terminator). */
export function extractGlobalFlags(argv: readonly string[]): GlobalFlags {
  let json = false;
  let help = false;
  let terminated = false;
  const rest: string[] = [];
  for (const arg of argv) {
    if (!terminated && arg === '--json') json = true;
    else if (!terminated && (arg === '--help' || arg === '-h')) help = true;
    else {
      if (arg === '--') terminated = true;
      rest.push(arg);
    }
  }
  return { json, help, rest };
}

export type Resolution =
  | { kind: 'run'; command: Command; args: string[] }
  | { kind: 'help'; commands: readonly Command[]; command?: Command; group?: string };

/**
 * Finds the command named by the leading words (`agency create ...`); `help [words]` and
 * `--help` ask for help. Unknown or incomplete commands are usage errors.
 */
export function resolveCommand(
  commands: readonly Command[],
  rest: readonly string[],
  help: boolean,
): Resolution {
  const [first, ...afterFirst] = rest;
  if (first === undefined) return { kind: 'help', commands };
  if (first === 'help') return helpFor(commands, afterFirst);
  if (first.startsWith('-')) {
    throw usageError(`unknown flag ${first}: flags go after the command`);
  }
  const group = commands.filter((c) => c.words[0] === first);
  if (group.length === 0) {
    throw usageError(`unknown command "${first}"${suggest(first, topWords(commands))}`);
  }
  const single = group.find((c) => c.words.length === 1);
  if (single)
    return help
      ? { kind: 'help', commands, command: single }
      : { kind: 'run', command: single, args: afterFirst };
  const [second, ...afterSecond] = afterFirst;
  const names = group.map((c) => c.words[1] ?? '');
  if (second === undefined || second.startsWith('-')) {
    if (help) return { kind: 'help', commands, group: first };
    throw usageError(`\`pregon ${first}\` needs a subcommand: ${names.join(', ')}`, `pregon ${first}`);
  }
  const command = group.find((c) => c.words[1] === second);
  if (!command) {
    throw usageError(
      `unknown command "${first} ${second}"${suggest(second, names)}; \`pregon ${first}\` has: ${names.join(', ')}`,
      `pregon ${first}`,
    );
  }
  return help ? { kind: 'help', commands, command } : { kind: 'run', command, args: afterSecond };
}

function helpFor(commands: readonly Command[], words: readonly string[]): Resolution {
  const [first, second] = words;
  if (first === undefined) return { kind: 'help', commands };
  return resolveCommand(commands, second === undefined ? [first] : [first, second], true);
}

function topWords(commands: readonly Command[]): string[] {
  return [...new Set(commands.map((c) => c.words[0] ?? ''))];
}

function suggest(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
