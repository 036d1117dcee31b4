import { randomUUID, timingSafeEqual } from 'node:crypto';
import { consents, optOuts, signupVerifications, subscribers, withTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { REPLIES } from '../keywords/replies.ts';
import { enqueueSubscriberWebhooks } from '../webhooks/enqueue-subscriber.ts';
import { queueSignupMessage, SIGNUP_LIMITS, signupCodeHash } from './request-code.ts';
import { readSignupPhone, signupAgency, signupSender, signupService } from './signup-service.ts';

export const verifySignupCodeInput = z.object({
  agencySlug: z.string().min(1).max(64),
  service: z.string().min(1).max(64),
  phone: z.string().min(1).max(32),
  code: z.string().max(20),
  ip: z.string().min(1).max(64),
  userAgent: z.string().max(500).nullable(),
});

/** One answer for every failure (no code, wrong, expired, used up): it says nothing about the phone. */
const INVALID = 'The code is not valid or has expired. Ask for a new one.';

/**
 * Checks the code of the phone's newest signup request for the service. Right: the subscriber is
 * active, with a `web` consent naming the request and the verification, the phone's opt-out of that
 * service is lifted (an explicit request, as START is), the agency hears `subscriber.opted_in` and
 * the citizen gets the usual confirmation. Wrong: one of 5 attempts is spent.
 */
export async function verifySignupCode({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof verifySignupCodeInput>;
}): Promise<{ status: 'subscribed'; service: string }> {
  const parsed = verifySignupCodeInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new AppError('BAD_REQUEST', `"${field}" ${issue?.message ?? 'is invalid'}`, { details: { field } });
  }
  const data = parsed.data;
  const phone = readSignupPhone(data.phone);
  const code = data.code.replace(/\s/g, '');
  const agency = await signupAgency(ctx.db, data.agencySlug);
  const now = ctx.now?.() ?? new Date();
  // The attempt is counted in its own commit, so the refusal cannot roll it back.
  const outcome = await withTenant(ctx.db, agency.id, async (tx) => {
    const service = await signupService(tx, data.service);
    const [v] = await tx
      .select()
      .from(signupVerifications)
      .where(
        and(
          eq(signupVerifications.serviceId, service.id),
          eq(signupVerifications.phone, phone),
          isNull(signupVerifications.verifiedAt),
        ),
      )
      .orderBy(desc(signupVerifications.createdAt))
      .limit(1)
      .for('update');
    if (!v || v.expiresAt <= now || v.attempts >= SIGNUP_LIMITS.maxAttempts) return 'invalid' as const;
    if (!sameHash(signupCodeHash(ctx, v.id, code), v.codeHash)) {
      await tx
        .update(signupVerifications)
        .set({ attempts: sql`${signupVerifications.attempts} + 1` })
        .where(eq(signupVerifications.id, v.id));
      return 'invalid' as const;
    }
    await tx.update(signupVerifications).set({ verifiedAt: now }).where(eq(signupVerifications.id, v.id));
    const [sub] = await tx
      .insert(subscribers)
      .values({
        tenantId: agency.id,
        serviceId: service.id,
        phone,
        status: 'active',
        language: v.language,
        attributes: v.attributes,
      })
      .onConflictDoUpdate({
        target: [subscribers.serviceId, subscribers.phone],
        set: {
          status: 'active',
          language: v.language,
          attributes: sql`${subscribers.attributes} || ${JSON.stringify(v.attributes)}::jsonb`,
          pendingUntil: null,
          pendingInboundMessageId: null,
          updatedAt: now,
        },
      })
      .returning({ id: subscribers.id });
    if (!sub) throw new Error('subscriber upsert returned nothing');
    await tx.insert(consents).values({
      tenantId: agency.id,
      subscriberId: sub.id,
      channel: 'web',
      detail: {
        source: 'web_signup',
        verificationId: v.id,
        ip: data.ip,
        userAgent: data.userAgent,
        at: now.toISOString(),
        codeRequested: { ip: v.ip, userAgent: v.userAgent, at: v.createdAt.toISOString() },
      },
      language: v.language,
      at: now,
    });
    const from = await signupSender(tx, service.id);
    // As rejoining by keyword does: the service's own row, and a STOP ALL's "every service of the
    // agency on this number" row for the number the service writes from (else that row would keep
    // blocking the subscription just made). The agency's other services stay left.
    await tx
      .update(optOuts)
      .set({ revokedAt: now })
      .where(
        and(
          eq(optOuts.phone, phone),
          isNull(optOuts.revokedAt),
          or(eq(optOuts.serviceId, service.id), and(isNull(optOuts.serviceId), eq(optOuts.number, from))),
        ),
      );
    await enqueueSubscriberWebhooks(tx, ctx.queue, agency.id, 'subscriber.opted_in', [
      { phone, serviceId: service.id, number: from, source: 'web', inboundMessageId: null, at: now },
    ]);
    const value = Object.values(v.attributes)[0] ?? null;
    await queueSignupMessage(tx, ctx, {
      id: randomUUID(),
      tenantId: agency.id,
      serviceId: service.id,
      to: phone,
      from,
      text: REPLIES.subscribed[v.language](service.name, value),
      verificationId: v.id,
    });
    return { service: service.slug };
  });
  if (outcome === 'invalid') throw new AppError('BAD_REQUEST', INVALID, { details: { field: 'code' } });
  return { status: 'subscribed', service: outcome.service };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
