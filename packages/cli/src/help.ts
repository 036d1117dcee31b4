import { type Command, commandName, type FlagSpec } from './command.ts';
import { renderColumns } from './text-table.ts';

const GLOBAL_FLAGS = [
  ['--json', 'print exactly one JSON object on stdout (errors too: { "error": { "code", "message" } })'],
  ['--help, -h', 'show help for the tool or for a command'],
] as const;

/** `pnpm pregon --help`. */
export function toolHelp(commands: readonly Command[]): string {
  return [
    'pregon: operate a Pregón platform from the command line',
    '',
    'Usage: pnpm pregon <command> [flags] [--json]',
    '',
    'Commands:',
    indent(renderColumns(commands.map((c) => [c.words.join(' '), c.summary]))),
    '',
    'Global flags (anywhere on the line):',
    indent(renderColumns(GLOBAL_FLAGS.map((row) => [...row]))),
    '',
    'Database: DATABASE_URL when set; otherwise the embedded database of `pnpm start` (started for',
    'the duration of the command, and migrated, when it is not running).',
    'Exit codes: 0 done, 1 failed, 2 bad command line.',
    'Run `pnpm pregon <command> --help` for the flags of a command.',
  ].join('\n');
}

/** `pnpm pregon agency --help`: the commands of one group. */
export function groupHelp(commands: readonly Command[], group: string): string {
  const members = commands.filter((c) => c.words[0] === group);
  return [
    `Usage: pnpm pregon ${group} <${members.map((c) => c.words[1] ?? '').join('|')}> [flags] [--json]`,
    '',
    indent(renderColumns(members.map((c) => [c.words.join(' '), c.summary]))),
    '',
    `Run \`pnpm pregon ${group} <command> --help\` for its flags.`,
  ].join('\n');
}

/** `pnpm pregon carrier add --help`. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: ${usageLine(command)}`, '', command.summary];
  if (command.details !== undefined) lines.push('', command.details);
  if (command.positionals.length > 0) {
    lines.push(
      '',
      'Arguments:',
      indent(renderColumns(command.positionals.map((p) => [`<${p.name}>`, p.description]))),
    );
  }
  if (command.flags.length > 0) {
    lines.push(
      '',
      'Flags:',
      indent(renderColumns(command.flags.map((f) => [flagSyntax(f), flagDescription(f)]))),
    );
  }
  lines.push('', 'Global flags:', indent(renderColumns(GLOBAL_FLAGS.map((row) => [...row]))));
  if (command.examples.length > 0) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

function usageLine(command: Command): string {
  const parts = [`pnpm ${commandName(command)}`, ...command.positionals.map((p) => `<${p.name}>`)];
  for (const flag of command.flags)
    parts.push(flag.required === true ? flagSyntax(flag) : `[${flagSyntax(flag)}]`);
  parts.push('[--json]');
  return parts.join(' ');
}

function flagSyntax(flag: FlagSpec): string {
  return flag.type === 'boolean' ? `--${flag.name}` : `--${flag.name} <${flag.value ?? flag.name}>`;
}

function flagDescription(flag: FlagSpec): string {
  const notes = [
    flag.required === true ? 'required' : undefined,
    flag.default === undefined ? undefined : `default ${flag.default}`,
  ]
    .filter((n) => n !== undefined)
    .join(', ');
  return notes === '' ? flag.description : `${flag.description} (${notes})`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
