import { AppError } from '@pregon/domain';
import { type Membership, resolveSession, type ServiceContext, type SessionUser } from '@pregon/services';

export interface TrpcContextInput {
  services: ServiceContext;
  /** The raw `Authorization` header: `Bearer <session token>`. */
  authorization: string | undefined;
  /** The `x-pregon-agency` header: slug of the agency the console is acting as. */
  agency: string | undefined;
}

export interface TrpcContext {
  services: ServiceContext;
  /** The bearer session token, when the request carried a well-formed one. */
  token: string | undefined;
  agencySlug: string | undefined;
  /** The logged-in user, resolved on first use and cached for the request; UNAUTHORIZED without a session. */
  session(): Promise<SessionUser>;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}

/** Builds a request's context; nothing touches the database until a procedure asks for the session. */
export function createTrpcContext(input: TrpcContextInput): TrpcContext {
  const token = bearerToken(input.authorization);
  const agencySlug = input.agency?.trim() || undefined;
  let session: Promise<SessionUser> | undefined;
  return {
    services: input.services,
    token,
    agencySlug,
    session() {
      if (token === undefined) return Promise.reject(new AppError('UNAUTHORIZED', 'Log in first'));
      session ??= resolveSession({ ctx: input.services, input: { token } });
      return session;
    },
  };
}

/** The agency a request acts as: the one asked for, else the first agency membership, else the first. */
export function selectMembership(user: SessionUser, slug: string | undefined): Membership {
  const membership =
    slug === undefined
      ? (user.memberships.find((m) => m.kind === 'agency') ?? user.memberships[0])
      : user.memberships.find((m) => m.slug === slug);
  if (membership) return membership;
  throw new AppError(
    'FORBIDDEN',
    slug === undefined ? 'This account belongs to no agency' : `You are not a member of agency "${slug}"`,
  );
}
