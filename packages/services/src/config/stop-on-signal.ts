/** What a long-running process logs with while it stops (pino-compatible). */
export interface StopLogger {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * On the first SIGTERM or SIGINT, runs `stop` once (drain, unbind, close pools) and exits 0, or 1 when
 * stopping failed. A second signal while stopping is ignored.
 */
export function stopOnSignal(stop: () => Promise<void>, logger: StopLogger, what: string): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, what);
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'unclean stop');
          process.exit(1);
        },
      );
    });
  }
}
