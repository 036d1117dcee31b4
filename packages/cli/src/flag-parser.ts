import { parseArgs } from 'node:util';
import { type Command, commandName, type FlagSpec, type ParsedArgs } from './command.ts';
import { closest } from './did-you-mean.ts';
import { usageError } from './usage-error.ts';

/**
 * Parses a command's flags with node:util parseArgs, then checks what parseArgs lets through in
 * non-strict mode, so every message names the flag: unknown flags, missing values, repeats,
 * values on boolean flags, missing required flags, extra or missing positionals.
 */
export function parseCommandArgs(command: Command, args: readonly string[]): ParsedArgs {
  const name = commandName(command);
  const fail = (message: string) => usageError(message, name);
  const specs = new Map(command.flags.map((f) => [f.name, f]));
  const options = Object.fromEntries(command.flags.map((f) => [f.name, { type: f.type }]));
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const values = new Map<string, string | boolean>();
  const repeated = new Map<string, string[]>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = specs.get(token.name);
    if (!spec)
      throw fail(`unknown flag ${token.rawName} for \`${name}\`${knownFlags(token.name, command.flags)}`);
    const flag = `--${spec.name}`;
    if (values.has(spec.name) && spec.repeatable !== true) throw fail(`${flag}: given more than once`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw fail(`${flag}: takes no value (got "${token.value}")`);
      values.set(spec.name, true);
      continue;
    }
    // parseArgs takes the next word as the value even when it is another flag: `--port --host x`.
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('--') && specs.has(value.slice(2)))) {
      throw fail(`${flag}: needs a value`);
    }
    values.set(spec.name, value);
    repeated.set(spec.name, [...(repeated.get(spec.name) ?? []), value]);
  }

  const missing = command.flags
    .filter((f) => f.required === true && !values.has(f.name))
    .map((f) => `--${f.name}`);
  if (missing.length > 0)
    throw fail(`missing required flag${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const extra = positionals[command.positionals.length];
  if (extra !== undefined) throw fail(`unexpected argument "${extra}"`);
  const absent = command.positionals.slice(positionals.length).map((p) => `<${p.name}>`);
  if (absent.length > 0) throw fail(`missing argument${absent.length > 1 ? 's' : ''} ${absent.join(' ')}`);

  return {
    command: name,
    flags: command.flags,
    string(flag) {
      const value = values.get(flag);
      return typeof value === 'string' ? value : undefined;
    },
    required(flag) {
      const value = values.get(flag);
      if (typeof value !== 'string') throw fail(`missing required flag --${flag}`);
      return value;
    },
    boolean: (flag) => values.get(flag) === true,
    strings: (flag) => repeated.get(flag) ?? [],
    positional(index) {
      const value = positionals[index];
      if (value === undefined) throw fail(`missing argument ${index + 1}`);
      return value;
    },
  };
}

function knownFlags(typed: string, flags: readonly FlagSpec[]): string {
  if (flags.length === 0) return ' (it takes no flags)';
  const match = closest(
    typed,
    flags.map((f) => f.name),
  );
  return match === undefined
    ? ` (known: ${flags.map((f) => `--${f.name}`).join(', ')})`
    : ` (did you mean --${match}?)`;
}
