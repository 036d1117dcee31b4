export interface PostLoadOptions {
  readonly baseUrl: string;
  readonly apiKeys: readonly string[];
  readonly messages: number;
  readonly concurrency: number;
}

export interface PostLoad {
  /** performance.now() just before the first POST and just after the last answer. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly accepted: number;
  /** HTTP status (or 'network') -> count, for everything but 202. */
  readonly refused: Readonly<Record<string, number>>;
  /** The first few network errors, verbatim. */
  readonly errors: readonly string[];
  /** Milliseconds per POST, ascending. */
  readonly latenciesMs: readonly number[];
}

/** Spanish mobile numbers +34 61x xxx xxx, one per message so nothing trips per-recipient rules. */
function recipient(i: number): string {
  return `+3461${String(i).padStart(7, '0')}`;
}

/**
 * Sends `messages` separate POST /v1/messages from `concurrency` workers, spread round-robin over the
 * API keys. Node's fetch (undici) keeps connections alive, so each worker reuses one socket.
 */
export async function postMessages(options: PostLoadOptions): Promise<PostLoad> {
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  const errors: string[] = [];
  let accepted = 0;
  let next = 0;
  const refuse = (why: string) => {
    refused[why] = (refused[why] ?? 0) + 1;
  };

  const worker = async () => {
    for (let i = next++; i < options.messages; i = next++) {
      const apiKey = options.apiKeys[i % options.apiKeys.length];
      if (apiKey === undefined) throw new Error('postMessages needs at least one API key');
      const body = JSON.stringify({
        to: recipient(i),
        text: `Recordatorio: cita el martes 3 a las 10:30 en el CS Benimaclet. Ref ${i}`,
        reference: `bench-${i}`,
      });
      const sent = performance.now();
      try {
        const res = await fetch(`${options.baseUrl}/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer(); // drain, so the socket goes back to the pool
        latencies.push(performance.now() - sent);
        if (res.status === 202) accepted += 1;
        else refuse(String(res.status));
      } catch (cause) {
        latencies.push(performance.now() - sent);
        refuse('network');
        if (errors.length < 5) errors.push(cause instanceof Error ? cause.message : String(cause));
      }
    }
  };

  const startedAt = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const finishedAt = performance.now();
  latencies.sort((a, b) => a - b);
  return { startedAt, finishedAt, accepted, refused, errors, latenciesMs: latencies };
}

/** Nearest-rank percentile of an ascending list; NaN when it is empty. */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) return Number.NaN;
  const rank = Math.min(ascending.length, Math.max(1, Math.ceil((p / 100) * ascending.length)));
  return ascending[rank - 1] ?? Number.NaN;
}
