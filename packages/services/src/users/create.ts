import { hash } from '@node-rs/argon2';
import { agencies, auditEvents, memberships, users, withPlatform } from '@pregon/db';
import { AppError, ROLES } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { randomToken } from '../auth/secrets.ts';
import { type Actor, auditActor, type ServiceContext } from '../context.ts';

export const createUserInput = z.object({
  agencySlug: z.string().min(1),
  email: z.email().transform((e) => e.toLowerCase()),
  role: z.enum(ROLES),
  password: z.string().min(10, 'at least 10 characters').max(200).optional(),
  name: z.string().max(200).optional(),
});

// OWASP's argon2id parameters (19 MiB, 2 passes, 1 lane).
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/**
 * Creates a user (or reuses one with that email) and gives them a role in an agency.
 * Returns the generated password when none was given. platform_admin only in the operator agency.
 */
export async function createUser({
  ctx,
  input,
  actor,
}: {
  ctx: ServiceContext;
  input: z.input<typeof createUserInput>;
  actor: Actor;
}): Promise<{ userId: string; email: string; role: string; agency: string; password?: string }> {
  const data = createUserInput.parse(input);
  const generated = data.password === undefined ? randomToken(16) : undefined;
  const passwordHash = await hashPassword(data.password ?? generated ?? '');
  return withPlatform(
    ctx.db,
    { ...auditActor(actor), action: 'user.create', target: data.email },
    async (tx) => {
      const [agency] = await tx.select().from(agencies).where(eq(agencies.slug, data.agencySlug));
      if (!agency) throw new AppError('NOT_FOUND', `No agency with slug "${data.agencySlug}"`);
      if (data.role === 'platform_admin' && agency.kind !== 'operator') {
        throw new AppError('BAD_REQUEST', 'platform_admin can only be granted in the operator agency');
      }
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
      let userId = existing?.id;
      if (userId === undefined) {
        const [created] = await tx
          .insert(users)
          .values({ email: data.email, name: data.name ?? '', passwordHash })
          .returning({ id: users.id });
        userId = created?.id;
      } else if (data.password !== undefined) {
        await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
      }
      if (userId === undefined) throw new AppError('INTERNAL', 'user insert returned nothing');
      await tx
        .insert(memberships)
        .values({ tenantId: agency.id, userId, role: data.role })
        .onConflictDoUpdate({ target: [memberships.tenantId, memberships.userId], set: { role: data.role } });
      await tx.insert(auditEvents).values({
        tenantId: agency.id,
        ...auditActor(actor),
        action: 'membership.grant',
        target: data.email,
        detail: { role: data.role },
      });
      return {
        userId,
        email: data.email,
        role: data.role,
        agency: agency.slug,
        ...(existing === undefined && generated !== undefined ? { password: generated } : {}),
      };
    },
  );
}
