import { optOuts, services, type Tx } from '@pregon/db';
import { and, eq, inArray, isNull } from 'drizzle-orm';

/** The ledger's word on one message: go, stop (`opted_out`), or go although opted out (the emergency override). */
export type LedgerVerdict = 'clear' | 'blocked' | 'overridden';

/** What the ledger needs to know of a message about to go out. */
export interface LedgerCandidate {
  toPhone: string;
  serviceId: string | null;
  fromAddr: string;
  inReplyTo: string | null;
  lane: string;
  /** A web signup code (or its confirmation): the citizen just asked for it on the signup page. */
  signupVerificationId?: string | null;
}

/**
 * Loads the active opt-outs of a batch's recipients in one query and answers, per message, whether
 * the ledger forbids it: an opt-out of its service, of every service of the agency on the number it
 * goes out from, of the whole agency, or (for a message with no service) any STOP sent to its number. Replies to the citizen's own MO (STOP's confirmation,
 * HELP) are not blocked: they answer what the person just sent.
 */
export async function loadOptOutLedger(
  tx: Tx,
  tenantId: string,
  phones: readonly string[],
): Promise<(m: LedgerCandidate) => LedgerVerdict> {
  if (phones.length === 0) return () => 'clear';
  const rows = await tx
    .select({ phone: optOuts.phone, serviceId: optOuts.serviceId, number: optOuts.number })
    .from(optOuts)
    .where(
      and(
        eq(optOuts.tenantId, tenantId),
        inArray(optOuts.phone, [...new Set(phones)]),
        isNull(optOuts.revokedAt),
      ),
    );
  if (rows.length === 0) return () => 'clear';
  // Only a batch that reaches someone on the ledger asks which services may override it.
  const overriding = await tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.emergencyOverridesOptOut, true), eq(services.type, 'city-alerts')));
  const overrides = new Set(overriding.map((s) => s.id));
  const byPhone = new Map<string, typeof rows>();
  for (const r of rows) byPhone.set(r.phone, [...(byPhone.get(r.phone) ?? []), r]);
  return (m) => {
    if (m.inReplyTo !== null) return 'clear';
    // Coming back on the web needs the code to reach a phone that once texted STOP.
    if (m.signupVerificationId) return 'clear';
    const blocked = (byPhone.get(m.toPhone) ?? []).some(
      (o) =>
        (o.serviceId !== null && o.serviceId === m.serviceId) ||
        (o.serviceId === null && (o.number === null || o.number === m.fromAddr)) ||
        // A message without a service (an SMPP client's, or a REST call that names none) cannot say
        // which service it belongs to: a STOP texted to the number it goes out from stops it.
        (m.serviceId === null && o.number !== null && o.number === m.fromAddr),
    );
    if (!blocked) return 'clear';
    // Only an emergency alert of a city-alerts service a platform admin allowed, citing the law.
    return m.lane === 'emergency' && m.serviceId !== null && overrides.has(m.serviceId)
      ? 'overridden'
      : 'blocked';
  };
}
