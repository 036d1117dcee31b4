import { randomInt, randomUUID } from 'node:crypto';
import { messageEvents, messages, signupVerifications, type Tx, withTenant } from '@pregon/db';
import { AppError, LANES } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { matchArgument } from '../keywords/match.ts';
import { wordsOf } from '../keywords/normalise.ts';
import { requireSecrets } from '../secrets/carrier-secrets.ts';
import {
  checkSignupAttributes,
  readSignupPhone,
  signupAgency,
  signupAttributes,
  signupSender,
  signupService,
} from './signup-service.ts';
import { SIGNUP_TEXTS } from './texts.ts';

/** Web signup limits: codes live 10 minutes, die after 5 wrong tries; 3 an hour a phone, 10 an address. */
export const SIGNUP_LIMITS = {
  codeTtlSeconds: 600,
  maxAttempts: 5,
  windowSeconds: 3600,
  codesPerPhone: 3,
  codesPerIp: 10,
} as const;

export const requestSignupCodeInput = z.object({
  agencySlug: z.string().min(1).max(64),
  service: z.string().min(1).max(64),
  phone: z.string().min(1).max(32),
  language: z.enum(['es', 'ca', 'en']),
  attributes: z.record(z.string().max(40), z.string().max(200)).default({}),
  /** The request's address and user agent, as the edge saw them. */
  ip: z.string().min(1).max(64),
  userAgent: z.string().max(500).nullable(),
});

/** What a code request answers, whether or not the phone is known (no enumeration). */
export interface SignupCodeSent {
  status: 'sent';
  expiresInSeconds: number;
}

/** The HMAC a code is kept as, bound to its verification row. */
export function signupCodeHash(ctx: ServiceContext, verificationId: string, code: string): string {
  return requireSecrets(ctx.secrets).mac('signup-code', `${verificationId}:${code}`);
}

/**
 * Sends a 6-digit code by SMS (transactional lane, from the service's sender) to prove a phone on the
 * agency's public signup page. Rate limits are counted in the database across agencies, under an
 * advisory lock per phone and per address, so every gateway process agrees. The answer is the same
 * for any phone, subscribed, opted out or unknown.
 */
export async function requestSignupCode({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof requestSignupCodeInput>;
}): Promise<SignupCodeSent> {
  const parsed = requestSignupCodeInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new AppError('BAD_REQUEST', `"${field}" ${issue?.message ?? 'is invalid'}`, { details: { field } });
  }
  const data = parsed.data;
  const phone = readSignupPhone(data.phone);
  const agency = await signupAgency(ctx.db, data.agencySlug);
  const now = ctx.now?.() ?? new Date();
  return withTenant(ctx.db, agency.id, async (tx) => {
    const service = await signupService(tx, data.service);
    const attributes = checkSignupAttributes(
      data.attributes,
      await signupAttributes(tx, service.id),
      (value, allowed) => matchArgument(wordsOf(value), allowed),
    );
    const from = await signupSender(tx, service.id);
    await enforceRateLimits(tx, phone, data.ip, now);
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const messageId = randomUUID();
    await tx.insert(signupVerifications).values({
      id,
      tenantId: agency.id,
      serviceId: service.id,
      phone,
      codeHash: signupCodeHash(ctx, id, code),
      expiresAt: new Date(now.getTime() + SIGNUP_LIMITS.codeTtlSeconds * 1000),
      ip: data.ip,
      userAgent: data.userAgent,
      language: data.language,
      attributes,
      messageId,
      createdAt: now,
    });
    await queueSignupMessage(tx, ctx, {
      id: messageId,
      tenantId: agency.id,
      serviceId: service.id,
      to: phone,
      from,
      text: SIGNUP_TEXTS.code[data.language](code, service.name),
      verificationId: id,
    });
    return { status: 'sent', expiresInSeconds: SIGNUP_LIMITS.codeTtlSeconds };
  });
}

async function enforceRateLimits(tx: Tx, phone: string, ip: string, now: Date): Promise<void> {
  // Phone first, then address, in every transaction: two requests never wait on each other in a cycle.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`signup:phone:${phone}`}, 0))`);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`signup:ip:${ip}`}, 0))`);
  const since = new Date(now.getTime() - SIGNUP_LIMITS.windowSeconds * 1000);
  const [sent] = await tx.execute<{
    by_phone: number;
    phone_oldest: string | Date | null;
    by_ip: number;
    ip_oldest: string | Date | null;
  }>(sql`select * from pregon_signup_codes_sent(${phone}, ${ip}, ${since.toISOString()}::timestamptz)`);
  if (!sent) return;
  const retryAfter = (oldest: string | Date | null) =>
    oldest === null
      ? SIGNUP_LIMITS.windowSeconds
      : Math.max(
          1,
          Math.ceil((new Date(oldest).getTime() + SIGNUP_LIMITS.windowSeconds * 1000 - now.getTime()) / 1000),
        );
  if (sent.by_phone >= SIGNUP_LIMITS.codesPerPhone)
    throw new AppError('RATE_LIMITED', 'Too many codes for this phone; try again later', {
      details: { field: 'phone', retryAfter: retryAfter(sent.phone_oldest) },
    });
  if (sent.by_ip >= SIGNUP_LIMITS.codesPerIp)
    throw new AppError('RATE_LIMITED', 'Too many codes asked from this address; try again later', {
      details: { field: 'ip', retryAfter: retryAfter(sent.ip_oldest) },
    });
}

/**
 * Queues a signup text like sendMessage does (row, first history row, message.prepare job) in the
 * caller's tenant transaction. It carries its verification, which lets it past the ledger and quiet
 * hours: the citizen asked for it, on the page, just now.
 */
export async function queueSignupMessage(
  tx: Tx,
  ctx: ServiceContext,
  m: {
    id: string;
    tenantId: string;
    serviceId: string;
    to: string;
    from: string;
    text: string;
    verificationId: string;
  },
): Promise<void> {
  await Promise.all([
    tx.insert(messages).values({
      id: m.id,
      tenantId: m.tenantId,
      serviceId: m.serviceId,
      toPhone: m.to,
      fromAddr: m.from,
      body: m.text,
      lane: 'transactional',
      status: 'accepted',
      signupVerificationId: m.verificationId,
    }),
    tx.insert(messageEvents).values({ tenantId: m.tenantId, messageId: m.id, status: 'accepted' }),
    ctx.queue.enqueue(tx, 'message.prepare', [{ tenantId: m.tenantId, messageIds: [m.id] }], {
      priority: LANES.transactional,
    }),
  ]);
}
