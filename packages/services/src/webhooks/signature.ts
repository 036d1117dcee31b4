import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `Pregon-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, with
 * one `v1` per secret in use (the current one first, then the one being rotated out).
 * @example signWebhookBody({ secrets: ['whsec_…'], body, timestamp: 1767225600 })
 */
export function signWebhookBody(input: { secrets: string[]; body: string; timestamp: number }): string {
  const signed = `${input.timestamp}.${input.body}`;
  const v1 = input.secrets.map((s) => `v1=${createHmac('sha256', s).update(signed).digest('hex')}`);
  return [`t=${input.timestamp}`, ...v1].join(',');
}

/**
 * What a receiver does: true when one `v1` matches the secret and `t` is within `toleranceSeconds`
 * of `now` (replays of old requests fail).
 */
export function verifyWebhookSignature(input: {
  header: string;
  body: string;
  secret: string;
  now?: Date;
  toleranceSeconds?: number;
}): boolean {
  const parts = input.header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t)) return false;
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(createHmac('sha256', input.secret).update(`${t}.${input.body}`).digest('hex'));
  return parts.some(([k, v]) => {
    if (k !== 'v1' || v === undefined) return false;
    const given = Buffer.from(v);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
