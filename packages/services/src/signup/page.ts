import { services, withTenant } from '@pregon/db';
import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { type SignupAttribute, signupAgency, signupAttributes } from './signup-service.ts';

/** What the public signup page shows: the agency and its services open to web signup. */
export interface SignupPage {
  agency: { slug: string; name: string };
  services: Array<{ slug: string; name: string; attributes: SignupAttribute[] }>;
}

/** The agency's public signup page content; NOT_FOUND for an unknown agency. */
export async function loadSignupPage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { agencySlug: string };
}): Promise<SignupPage> {
  const agency = await signupAgency(ctx.db, input.agencySlug);
  return withTenant(ctx.db, agency.id, async (tx) => {
    const rows = await tx
      .select({ id: services.id, slug: services.slug, name: services.name })
      .from(services)
      .where(eq(services.webSignup, true))
      .orderBy(asc(services.name));
    const out: SignupPage['services'] = [];
    for (const s of rows)
      out.push({ slug: s.slug, name: s.name, attributes: await signupAttributes(tx, s.id) });
    return { agency: { slug: input.agencySlug, name: agency.name }, services: out };
  });
}
