import { type Database, keywords, senders, services, type Tx, withNoTenant } from '@pregon/db';
import { AppError, checkE164 } from '@pregon/domain';
import { and, eq, sql } from 'drizzle-orm';
import { pickSender } from '../messages/send.ts';

/** An attribute the signup form asks for: one a keyword argument of the service sets. */
export interface SignupAttribute {
  name: string;
  values: string[];
  /** Every keyword of the service takes it, so joining by SMS needs it too. */
  required: boolean;
}

/** The agency behind a public signup page, by slug (pregon_signup_agency); NOT_FOUND when none. */
export async function signupAgency(db: Database, slug: string): Promise<{ id: string; name: string }> {
  const [row] = await withNoTenant(db, (tx) =>
    tx.execute<{ id: string; name: string }>(sql`select * from pregon_signup_agency(${slug})`),
  );
  if (!row) throw new AppError('NOT_FOUND', 'No signup page here', { details: { field: 'agency' } });
  return row;
}

/** The attributes a service's keywords set, with their allowed values (merged across keywords). */
export async function signupAttributes(tx: Tx, serviceId: string): Promise<SignupAttribute[]> {
  const rows = await tx
    .select({ attribute: keywords.argAttribute, values: keywords.argValues })
    .from(keywords)
    .where(eq(keywords.serviceId, serviceId));
  const byName = new Map<string, SignupAttribute>();
  for (const r of rows) {
    if (r.attribute === null) continue;
    const a = byName.get(r.attribute) ?? { name: r.attribute, values: [], required: true };
    a.values = [...new Set([...a.values, ...(r.values ?? [])])];
    byName.set(r.attribute, a);
  }
  const all = [...byName.values()];
  for (const a of all) a.required = rows.every((r) => r.attribute === a.name);
  return all.sort((x, y) => x.name.localeCompare(y.name));
}

/** A service of the agency open to web signup, by slug; NOT_FOUND otherwise (closed or unknown alike). */
export async function signupService(
  tx: Tx,
  slug: string,
): Promise<{ id: string; name: string; slug: string }> {
  const [svc] = await tx
    .select({ id: services.id, name: services.name, slug: services.slug })
    .from(services)
    .where(and(eq(services.slug, slug), eq(services.webSignup, true)));
  if (!svc)
    throw new AppError('NOT_FOUND', 'This service does not take signups on the web', {
      details: { field: 'service' },
    });
  return svc;
}

/** The address the service's messages go out from (its default sender, else the agency's). */
export async function signupSender(tx: Tx, serviceId: string): Promise<string> {
  const rows = await tx.select().from(senders);
  if (rows.length === 0)
    throw new AppError('UNAVAILABLE', 'This service cannot send text messages yet', {
      details: { field: 'service' },
    });
  return pickSender(rows, undefined, serviceId).value;
}

/**
 * The phone typed on the signup page as E.164: `+34 600 00 00 01`, `0034600000001`, or a national
 * number, read as Spanish (the platform serves Spanish agencies).
 */
export function readSignupPhone(value: string): string {
  const compact = value.replace(/[\s.\-()]/g, '');
  const candidate = compact.startsWith('+')
    ? compact
    : compact.startsWith('00')
      ? `+${compact.slice(2)}`
      : `+34${compact}`;
  const phone = checkE164(candidate);
  if (!phone.ok)
    throw new AppError('BAD_REQUEST', `"phone" ${phone.reason}`, { details: { field: 'phone' } });
  return phone.e164;
}

/**
 * Checks the attributes sent with a signup against the service's: each must be one it asks for, with
 * an allowed value (matched as the keyword engine matches arguments); required ones must be there.
 */
export function checkSignupAttributes(
  given: Record<string, string>,
  wanted: readonly SignupAttribute[],
  match: (value: string, allowed: readonly string[]) => string | null,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const a = wanted.find((w) => w.name === name);
    if (!a)
      throw new AppError('BAD_REQUEST', `"attributes.${name}" is not asked by this service`, {
        details: { field: `attributes.${name}` },
      });
    if (value.trim() === '' && !a.required) continue;
    const v = match(value, a.values);
    if (v === null)
      throw new AppError('BAD_REQUEST', `"attributes.${name}" must be one of: ${a.values.join(', ')}`, {
        details: { field: `attributes.${name}` },
      });
    out[name] = v;
  }
  for (const a of wanted)
    if (a.required && out[a.name] === undefined)
      throw new AppError('BAD_REQUEST', `"attributes.${a.name}" is required: one of ${a.values.join(', ')}`, {
        details: { field: `attributes.${a.name}` },
      });
  return out;
}
