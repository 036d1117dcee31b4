import { verify } from '@node-rs/argon2';
import { withNoTenant } from '@pregon/db';
import { AppError } from '@pregon/domain';
import { sql } from 'drizzle-orm';
import { randomToken } from '../auth/secrets.ts';
import type { ServiceContext } from '../context.ts';
import { hashPassword } from '../users/create.ts';

export interface SmppClientPrincipal {
  clientId: string;
  tenantId: string;
  maxBinds: number;
  /** submit_sm per second across the client's binds; 0 = no per-client limit. */
  tps: number;
}

/** Why a bind was refused, for the listener to pick ESME_RINVSYSID or ESME_RINVPASWD. */
export type SmppAuthFailure = 'unknown_system_id' | 'wrong_password' | 'revoked';

// Unknown system_ids still cost one argon2 verification, so timing does not add to what the status says.
let dummyHash: Promise<string> | undefined;

function refused(reason: SmppAuthFailure, message: string): AppError {
  return new AppError('UNAUTHORIZED', message, { details: { reason } });
}

/** Checks an SMPP bind's system_id and password; failures are UNAUTHORIZED with `details.reason`. */
export async function authenticateSmppClient({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { systemId: string; password: string };
}): Promise<SmppClientPrincipal> {
  const rows =
    input.systemId === ''
      ? []
      : await withNoTenant(ctx.db, (tx) =>
          tx.execute<{
            id: string;
            tenant_id: string;
            password_hash: string;
            max_binds: number;
            tps: number;
            revoked: boolean;
          }>(sql`select * from pregon_resolve_smpp_client(${input.systemId})`),
        );
  const client = rows[0];
  dummyHash ??= hashPassword(randomToken(16));
  const ok = await verify(client?.password_hash ?? (await dummyHash), input.password);
  if (!client) throw refused('unknown_system_id', `Unknown SMPP system_id "${input.systemId}"`);
  if (!ok) throw refused('wrong_password', 'Wrong SMPP password');
  if (client.revoked) throw refused('revoked', `SMPP client "${input.systemId}" has been revoked`);
  return { clientId: client.id, tenantId: client.tenant_id, maxBinds: client.max_binds, tps: client.tps };
}
