import { AppError, type ErrorCode } from '@pregon/domain';
import { z } from 'zod';
import { type Command, commandName } from './command.ts';
import { flagsError } from './flag-validation.ts';
import { isUsageError, usageErrorCommand } from './usage-error.ts';

export interface ErrorReport {
  code: ErrorCode;
  message: string;
  /** 2 for command-line mistakes, 1 for everything else. */
  exitCode: number;
  /** A command whose --help would help. */
  helpFor: string | undefined;
  /** The stack of an unexpected error, for PREGON_DEBUG=1. */
  stack: string | undefined;
}

// postgres.js / node socket codes and SQLSTATEs that mean "the database is not there or refuses us".
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
]);
const REFUSED = new Set(['3D000', '28P01', '28000', '57P03']);

/** Translates anything thrown into the one error shape the CLI prints. */
export function toErrorReport(error: unknown, command: Command | undefined): ErrorReport {
  if (error instanceof z.ZodError)
    return toErrorReport(flagsError(error, command?.flags ?? [], nameOf(command)), command);
  if (error instanceof AppError) {
    const usage = isUsageError(error);
    return {
      code: error.code,
      message: error.message,
      exitCode: usage ? 2 : 1,
      helpFor: usage ? (usageErrorCommand(error) ?? 'pregon') : undefined,
      stack: undefined,
    };
  }
  const root = rootCause(error);
  if (root !== error && (root instanceof AppError || root instanceof z.ZodError))
    return toErrorReport(root, command);
  const code = errorCode(root);
  // The root cause, not drizzle's wrapper: its message repeats the query parameters (passwords included).
  const message = root instanceof Error ? root.message : String(root);
  if (code !== undefined && (UNREACHABLE.has(code) || REFUSED.has(code))) {
    return {
      code: 'UNAVAILABLE',
      message: `cannot use the database: ${message || code}`,
      exitCode: 1,
      helpFor: undefined,
      stack: undefined,
    };
  }
  return {
    code: 'INTERNAL',
    message,
    exitCode: 1,
    helpFor: undefined,
    stack: root instanceof Error ? root.stack : undefined,
  };
}

function nameOf(command: Command | undefined): string | undefined {
  return command === undefined ? undefined : commandName(command);
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10 && current instanceof Error && current.cause !== undefined; depth++) {
    current = current.cause;
  }
  return current;
}

function errorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
