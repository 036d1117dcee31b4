import { createHash } from 'node:crypto';
import { agencies, apiKeys, carriers, routes, senders, services, withPlatform } from '@pregon/db';
import type { ServiceType } from '@pregon/domain';
import { eq } from 'drizzle-orm';
import { hashSecret } from '../auth/secrets.ts';
import type { ServiceContext } from '../context.ts';
import { createUser } from '../users/create.ts';

export interface DemoSeed {
  platformAdmin: { email: string; password: string };
  agencies: Array<{ slug: string; name: string; adminEmail: string; adminPassword: string; apiKey: string }>;
  carrier: string;
}

const DEMO_AGENCIES: Array<{
  slug: string;
  name: string;
  service: { slug: string; name: string; type: ServiceType };
  sender: string;
}> = [
  {
    slug: 'salut-valencia',
    name: 'Departament de Salut de València',
    service: { slug: 'citas', name: 'Recordatorios de cita', type: 'health' },
    sender: 'SALUT',
  },
  {
    slug: 'educacion-sevilla',
    name: 'Delegación de Educación de Sevilla',
    service: { slug: 'faltas', name: 'Avisos de faltas', type: 'education' },
    sender: 'EDUCACION',
  },
  {
    slug: 'ajuntament-alzira',
    name: "Ajuntament d'Alzira",
    service: { slug: 'alertas', name: 'Alertas municipales', type: 'city-alerts' },
    sender: '21700',
  },
  {
    slug: 'junta-electoral',
    name: 'Junta Electoral Provincial',
    service: { slug: 'resultados', name: 'Resultados electorales', type: 'elections' },
    sender: '21800',
  },
];

/** Demo credentials are derived from the slug so every `pnpm start` prints the same ones. */
function demoApiKey(slug: string): string {
  const digest = createHash('sha256').update(`pregon-demo:${slug}`).digest('base64url').replace(/[-_]/g, 'x');
  return `prg_live_${digest.slice(0, 32)}`;
}
const DEMO_PASSWORD = 'pregon-demo-2026';

/**
 * Seeds the operator agency with a platform admin, four demo agencies (health, schools, city hall,
 * electoral board) each with an admin, service, sender and API key, and a carrier pointing at the
 * SMSC simulator. Idempotent: running it again refreshes the same credentials and the carrier address.
 */
export async function seedDemo({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { smscHost: string; smscPort: number; carrierName?: string };
}): Promise<DemoSeed> {
  const carrierName = input.carrierName ?? 'simulator';
  const actor = { kind: 'cli' } as const;
  const ids = await withPlatform(
    ctx.db,
    { actorKind: 'cli', actorId: null, action: 'seed.demo' },
    async (tx) => {
      await tx
        .insert(agencies)
        .values({ slug: 'pregon', name: 'Pregón platform operator', kind: 'operator' })
        .onConflictDoNothing();
      const [carrier] = await tx
        .insert(carriers)
        .values({
          name: carrierName,
          host: input.smscHost,
          port: input.smscPort,
          systemId: 'pregon',
          // Sealed like any carrier password when this context has the key (pnpm start does).
          password: ctx.secrets ? ctx.secrets.seal('secret') : 'secret',
        })
        .onConflictDoUpdate({
          target: carriers.name,
          set: { host: input.smscHost, port: input.smscPort, enabled: true },
        })
        .returning({ id: carriers.id });
      if (!carrier) throw new Error('carrier upsert returned nothing');
      await tx
        .insert(routes)
        .values({ prefix: '+', carrierId: carrier.id, priority: 10 })
        .onConflictDoNothing();
      const out: Record<string, string> = {};
      for (const a of DEMO_AGENCIES) {
        await tx.insert(agencies).values({ slug: a.slug, name: a.name }).onConflictDoNothing();
        const [row] = await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.slug, a.slug));
        if (!row) throw new Error(`agency ${a.slug} missing after insert`);
        out[a.slug] = row.id;
        const [svc] = await tx
          .insert(services)
          .values({ tenantId: row.id, ...a.service })
          .onConflictDoUpdate({ target: [services.tenantId, services.slug], set: { name: a.service.name } })
          .returning({ id: services.id });
        await tx
          .insert(senders)
          .values({
            tenantId: row.id,
            serviceId: svc?.id ?? null,
            kind: /^\d+$/.test(a.sender) ? 'short_code' : 'alphanumeric',
            value: a.sender,
            isDefault: true,
          })
          .onConflictDoNothing();
        const key = demoApiKey(a.slug);
        await tx
          .insert(apiKeys)
          .values({
            tenantId: row.id,
            name: 'demo',
            prefix: key.slice(0, 16),
            secretHash: hashSecret(key),
            mode: 'live',
          })
          .onConflictDoUpdate({ target: apiKeys.secretHash, set: { revokedAt: null } });
      }
      return out;
    },
  );
  const seeded: DemoSeed['agencies'] = [];
  for (const a of DEMO_AGENCIES) {
    if (!ids[a.slug]) continue;
    const adminEmail = `admin@${a.slug}.demo`;
    await createUser({
      ctx,
      input: { agencySlug: a.slug, email: adminEmail, role: 'agency_admin', password: DEMO_PASSWORD },
      actor,
    });
    seeded.push({
      slug: a.slug,
      name: a.name,
      adminEmail,
      adminPassword: DEMO_PASSWORD,
      apiKey: demoApiKey(a.slug),
    });
  }
  const platformEmail = 'operator@pregon.demo';
  await createUser({
    ctx,
    input: { agencySlug: 'pregon', email: platformEmail, role: 'platform_admin', password: DEMO_PASSWORD },
    actor,
  });
  return {
    platformAdmin: { email: platformEmail, password: DEMO_PASSWORD },
    agencies: seeded,
    carrier: carrierName,
  };
}
