import type { CliIo, Command, CommandResult } from './command.ts';
import { extractGlobalFlags, resolveCommand } from './command-line.ts';
import { commands } from './commands/index.ts';
import { openCliDatabase } from './database.ts';
import { readCliEnv } from './env.ts';
import { toErrorReport } from './error-report.ts';
import { parseCommandArgs } from './flag-parser.ts';
import { commandHelp, groupHelp, toolHelp } from './help.ts';
import { createOutput } from './output.ts';
import { cliServiceContext } from './service-context.ts';

/**
 * Runs one `pregon` invocation and returns its exit code; reads the environment only from io.env.
 * @example const code = await runCli(['agency', 'list', '--json'], { stdout, stderr, env: { DATABASE_URL } });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const global = extractGlobalFlags(argv);
  const output = createOutput(io, global.json);
  const log = (line: string) => {
    io.stderr.write(`${line}\n`);
  };
  let command: Command | undefined;
  let debug = false;
  try {
    const resolution = resolveCommand(commands, global.rest, global.help);
    if (resolution.kind === 'help') {
      if (resolution.command) output.help(commandHelp(resolution.command));
      else if (resolution.group !== undefined) output.help(groupHelp(commands, resolution.group));
      else output.help(toolHelp(commands));
      return 0;
    }
    command = resolution.command;
    // Flags and values are checked before any database is opened or started.
    const execute = command.prepare(parseCommandArgs(command, resolution.args));
    const env = readCliEnv(io.env);
    debug = env.debug;
    const database = await openCliDatabase(env, { migrateOwned: !command.managesMigrations, log });
    let result: CommandResult;
    try {
      result = await execute({
        db: database.db,
        ctx: cliServiceContext(database.db, env),
        database: database.kind,
        databaseUrl: database.url,
        env,
        log,
      });
    } finally {
      await database.close().catch((error: unknown) => {
        // The command's work is committed; a failed shutdown is worth a warning, not a failure.
        log(
          `warning: closing the database failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
    output.result(result);
    return 0;
  } catch (error) {
    const report = toErrorReport(error, command);
    output.error(report, debug);
    return report.exitCode;
  }
}
