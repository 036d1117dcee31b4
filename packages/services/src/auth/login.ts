import { verify } from '@node-rs/argon2';
import { sessions, users, withNoTenant } from '@pregon/db';
import { AppError, type Role } from '@pregon/domain';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { hashPassword } from '../users/create.ts';
import { hashSecret, randomToken } from './secrets.ts';

export interface Membership {
  tenantId: string;
  slug: string;
  name: string;
  kind: 'operator' | 'agency';
  role: Role;
}

export interface SessionUser {
  userId: string;
  email: string;
  name: string;
  memberships: Membership[];
  isPlatformAdmin: boolean;
}

const SESSION_HOURS = 12;
// Verifying against a fixed hash for unknown emails keeps response time from telling which emails exist.
let dummyHash: Promise<string> | undefined;

async function loadMemberships(ctx: ServiceContext, userId: string): Promise<Membership[]> {
  const rows = await withNoTenant(ctx.db, (tx) =>
    tx.execute<{ tenant_id: string; slug: string; name: string; kind: 'operator' | 'agency'; role: Role }>(
      sql`select * from pregon_user_memberships(${userId})`,
    ),
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, slug: r.slug, name: r.name, kind: r.kind, role: r.role }));
}

function toSessionUser(user: { id: string; email: string; name: string }, ms: Membership[]): SessionUser {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    memberships: ms,
    isPlatformAdmin: ms.some((m) => m.role === 'platform_admin' && m.kind === 'operator'),
  };
}

/** Checks email and password; returns a bearer session token for the console. */
export async function login({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { email: string; password: string };
}): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
  const email = input.email.trim().toLowerCase();
  const [user] = await withNoTenant(ctx.db, (tx) => tx.select().from(users).where(eq(users.email, email)));
  dummyHash ??= hashPassword(randomToken(16));
  const ok = await verify(user?.passwordHash ?? (await dummyHash), input.password);
  if (!user || !ok) throw new AppError('UNAUTHORIZED', 'Wrong email or password');
  const ms = await loadMemberships(ctx, user.id);
  if (ms.length === 0) throw new AppError('FORBIDDEN', 'This account belongs to no agency');
  const token = randomToken(40);
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await withNoTenant(ctx.db, (tx) =>
    tx.insert(sessions).values({ tokenHash: hashSecret(token), userId: user.id, expiresAt }),
  );
  return { token, expiresAt, user: toSessionUser(user, ms) };
}

/** Resolves a console session token to its user and memberships; expired or unknown is UNAUTHORIZED. */
export async function resolveSession({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { token: string };
}): Promise<SessionUser> {
  const [row] = await withNoTenant(ctx.db, (tx) =>
    tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hashSecret(input.token)), gt(sessions.expiresAt, new Date()))),
  );
  if (!row) throw new AppError('UNAUTHORIZED', 'Session expired or unknown: log in again');
  return toSessionUser(row, await loadMemberships(ctx, row.id));
}

/** Ends a console session. */
export async function logout({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { token: string };
}): Promise<void> {
  await withNoTenant(ctx.db, (tx) =>
    tx.delete(sessions).where(eq(sessions.tokenHash, hashSecret(input.token))),
  );
}
