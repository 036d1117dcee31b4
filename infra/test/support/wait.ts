import type { Stack } from '../../stack.ts';

/** Polls `probe` every 100 ms until it returns a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the stack's gateway holds a bound link to the simulator. */
export async function waitForBoundLink(stack: Stack, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stack.gateway.links.links().some((l) => l.state === 'bound')) {
    if (Date.now() > deadline) throw new Error('the gateway never bound to the simulator');
    await new Promise((r) => setTimeout(r, 50));
  }
}
