import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isAllowedAddress } from './url-policy.ts';

export interface PostOutcome {
  /** The receiver's HTTP status, or null when none came (refused, timeout, forbidden address). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const MAX_ERROR = 300;

/**
 * POSTs one body. The host is resolved here and every address checked against the URL rule, and the
 * connection goes to the checked address (no second lookup a DNS rebinding could answer differently).
 * Never throws: every outcome is something to log.
 */
export async function postWebhook(input: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowLoopback: boolean;
}): Promise<PostOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostOutcome => ({
    statusCode,
    error: error?.slice(0, MAX_ERROR) ?? null,
    durationMs: Math.round(performance.now() - started),
  });
  const url = new URL(input.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let target: { address: string; family: number };
  try {
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await lookup(host, { all: true });
    const denied = addresses.find((a) => !isAllowedAddress(a.address, input.allowLoopback));
    const first = addresses[0];
    if (denied || !first)
      return done(null, `address_not_allowed: ${host} resolves to ${denied?.address ?? 'nothing'}`);
    target = first;
  } catch (cause) {
    return done(null, `dns: ${(cause as Error).message}`);
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostOutcome>((resolve) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
        signal: AbortSignal.timeout(input.timeoutMs),
        lookup: (_hostname, options, callback) => {
          if (options.all) callback(null, [{ address: target.address, family: target.family }]);
          else callback(null, target.address, target.family);
        },
      },
      (res) => {
        // The body is not used; drain it so the socket is released.
        res.resume();
        res.on('end', () => resolve(done(res.statusCode ?? null, null)));
        res.on('error', (e) => resolve(done(res.statusCode ?? null, e.message)));
      },
    );
    req.on('error', (e) =>
      resolve(
        done(
          null,
          e.name === 'AbortError' || e.name === 'TimeoutError'
            ? `timeout after ${input.timeoutMs} ms`
            : e.message,
        ),
      ),
    );
    req.end(input.body);
  });
}
