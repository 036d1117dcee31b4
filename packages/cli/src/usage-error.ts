import { AppError } from '@pregon/domain';

/** A mistake on the command line (unknown command or flag, missing or bad value): exit code 2. */
export function usageError(message: string, command?: string): AppError {
  return new AppError('BAD_REQUEST', message, {
    details: { usage: true, ...(command === undefined ? {} : { command }) },
  });
}

export function isUsageError(error: AppError): boolean {
  return error.details?.usage === true;
}

/** The command whose help a usage error should point to, if any. */
export function usageErrorCommand(error: AppError): string | undefined {
  const command = error.details?.command;
  return typeof command === 'string' ? command : undefined;
}
