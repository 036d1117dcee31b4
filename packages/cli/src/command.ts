import type { Database } from '@pregon/db';
import type { ServiceContext } from '@pregon/services';
import type { CliEnv, Environment } from './env.ts';

export interface TextSink {
  write(chunk: string): unknown;
}

/** Where the CLI writes and what it reads: process streams in the binary, buffers in tests. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Environment;
}

export interface FlagSpec {
  /** Without the dashes: `system-id`. */
  name: string;
  type: 'string' | 'boolean';
  /** Placeholder in help, e.g. `<host>` or `trx|tx+rx`. */
  value?: string;
  required?: boolean;
  description: string;
  /** Shown in help only; the service applies the real default. */
  default?: string;
  /** The service input field this flag feeds (for validation messages); defaults to the camelCased name. */
  field?: string;
  /** A string flag that may be given several times (`--alias A:ca --alias B:en`). */
  repeatable?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
}

/** The flags and positionals of one invocation, already checked against the command's spec. */
export interface ParsedArgs {
  /** `pregon carrier add`, for messages. */
  command: string;
  flags: readonly FlagSpec[];
  string(name: string): string | undefined;
  /** A required string flag (the parser has already reported it missing). */
  required(name: string): string;
  boolean(name: string): boolean;
  /** Every value of a repeatable flag, in order (empty when absent). */
  strings(name: string): string[];
  positional(index: number): string;
}

/** What a command gets to work with once its input is valid. */
export interface Session {
  db: Database;
  ctx: ServiceContext;
  database: 'DATABASE_URL' | 'embedded';
  /** For commands that enqueue jobs (they start the job queue on it: see job-queue.ts). */
  databaseUrl: string;
  env: CliEnv;
  /** Progress and warnings: always stderr, never mixed with the result. */
  log(line: string): void;
}

/** `json` is the single object printed with --json; `text` is for people. */
export interface CommandResult {
  json: Record<string, unknown>;
  text: string;
}

export interface CommandSpec<I> {
  words: readonly [string] | readonly [string, string];
  summary: string;
  /** A longer explanation for `--help`. */
  details?: string;
  flags?: readonly FlagSpec[];
  positionals?: readonly PositionalSpec[];
  examples?: readonly string[];
  /** The command applies migrations itself, so the CLI must not do it first. */
  managesMigrations?: boolean;
  /** Turns flags into the service input; throws usage errors. Runs before the database is opened. */
  input(args: ParsedArgs): I;
  run(session: Session, input: I): Promise<CommandResult>;
}

export interface Command {
  words: readonly string[];
  summary: string;
  details: string | undefined;
  flags: readonly FlagSpec[];
  positionals: readonly PositionalSpec[];
  examples: readonly string[];
  managesMigrations: boolean;
  /** Validates the input now and returns the work to do once a session is open. */
  prepare(args: ParsedArgs): (session: Session) => Promise<CommandResult>;
}

/** Declares a command; the input type stays private to it. */
export function defineCommand<I>(spec: CommandSpec<I>): Command {
  return {
    words: spec.words,
    summary: spec.summary,
    details: spec.details,
    flags: spec.flags ?? [],
    positionals: spec.positionals ?? [],
    examples: spec.examples ?? [],
    managesMigrations: spec.managesMigrations ?? false,
    prepare(args) {
      const input = spec.input(args);
      return (session) => spec.run(session, input);
    },
  };
}

/** `system-id` -> `systemId`: the service field a flag feeds unless it says otherwise. */
export function flagField(flag: FlagSpec): string {
  return flag.field ?? flag.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function commandName(command: Command): string {
  return `pregon ${command.words.join(' ')}`;
}
