import type { Context } from 'hono';

/**
 * The address a request came from: the socket's peer, or the first X-Forwarded-For entry when the
 * gateway is told it sits behind a proxy it trusts (otherwise anyone could pick their own address).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  // @hono/node-server passes the Node request as env.incoming.
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
