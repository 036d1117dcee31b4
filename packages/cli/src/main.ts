import { processEnvironment } from './env.ts';
import { runCli } from './run-cli.ts';

export type { CliIo } from './command.ts';
export { runCli } from './run-cli.ts';

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: processEnvironment(),
  });
}
