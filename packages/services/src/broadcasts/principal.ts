import type { Actor } from '../context.ts';

/** Who acts on broadcasts and saved lists: the agency, and the user, API key, CLI or schedule acting for it. */
export interface BroadcastPrincipal {
  tenantId: string;
  actor: Actor;
  /** The API key behind a REST call: a test key's broadcast never reaches a carrier. */
  apiKeyId?: string | null;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
