import { BlockList, isIP } from 'node:net';
import { AppError } from '@pregon/domain';

// Never a webhook target: private, shared, link-local (cloud metadata), multicast, reserved (RFC 6890).
const forbidden = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  forbidden.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  forbidden.addSubnet(net, bits, 'ipv6');
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as its IPv4 address. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function isLoopbackAddress(address: string): boolean {
  const n = normalise(address);
  return loopback.check(n.address, n.family);
}

/** Whether a resolved address may receive webhook requests. */
export function isAllowedAddress(address: string, allowLoopback: boolean): boolean {
  const n = normalise(address);
  if (loopback.check(n.address, n.family)) return allowLoopback;
  return !forbidden.check(n.address, n.family);
}

/**
 * The webhook URL rule: `https://` to a public host; `http://` or `https://` to loopback only when
 * loopback is allowed (development); no credentials in the URL, no other scheme, no IP literal in a
 * private range. Names are resolved again at every delivery (see post.ts), so DNS cannot sneak past.
 */
export function checkWebhookUrl(raw: string, allowLoopback: boolean): URL {
  const bad = (why: string) => new AppError('BAD_REQUEST', `"url" ${why}`, { details: { field: 'url' } });
  if (raw.length > 2048) throw bad('must be at most 2048 characters');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad('must be an absolute URL, e.g. https://example.org/pregon-events');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('must use https');
  if (url.username !== '' || url.password !== '') throw bad('must not carry credentials');
  const host = unbracket(url.hostname).toLowerCase();
  const isLoopbackHost = host === 'localhost' || (isIP(host) !== 0 && isLoopbackAddress(host));
  if (isLoopbackHost) {
    if (!allowLoopback) throw bad('must not point at this machine (loopback)');
    return url;
  }
  if (url.protocol !== 'https:') throw bad('must use https (http only to localhost in development)');
  if (isIP(host) !== 0 && !isAllowedAddress(host, false)) throw bad('must not point at a private address');
  if (host.endsWith('.localhost') || host.endsWith('.internal') || !host.includes('.'))
    throw bad('must name a public host');
  return url;
}
