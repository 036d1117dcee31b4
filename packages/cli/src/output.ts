import type { CliIo, CommandResult } from './command.ts';
import type { ErrorReport } from './error-report.ts';

/** Everything the CLI prints. With --json, stdout gets exactly one JSON object and nothing else. */
export interface Output {
  result(result: CommandResult): void;
  help(text: string): void;
  error(report: ErrorReport, debug: boolean): void;
}

export function createOutput(io: CliIo, json: boolean): Output {
  const line = (stream: CliIo['stdout'], text: string) =>
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  const object = (value: object) => line(io.stdout, JSON.stringify(value, null, 2));
  return {
    result(result) {
      if (json) object(result.json);
      else line(io.stdout, result.text);
    },
    help(text) {
      if (json) object({ help: text });
      else line(io.stdout, text);
    },
    error(report, debug) {
      if (json) object({ error: { code: report.code, message: report.message } });
      else {
        line(io.stderr, `error: ${report.message}`);
        if (report.helpFor !== undefined) line(io.stderr, `Run \`pnpm ${report.helpFor} --help\` for usage.`);
      }
      if (report.stack !== undefined) {
        line(io.stderr, debug ? report.stack : 'Set PREGON_DEBUG=1 for the stack trace.');
      }
    },
  };
}
