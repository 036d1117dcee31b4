import { carrierLinks, carriers, routes, withNoTenant } from '@pregon/db';
import { asc, getTableColumns, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';

export interface CarrierView {
  id: string;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  systemId: string;
  systemType: string;
  bindMode: string;
  binds: number;
  window: number;
  tps: number;
  idNotation: string;
  encoding: string;
  pricePerSegment: number;
  destTon: number;
  destNpi: number;
  enabled: boolean;
  /** agencyId set: that agency's override, tried before the platform's routes. */
  routes: Array<{ prefix: string; priority: number; agencyId: string | null }>;
  links: Array<{
    ordinal: number;
    state: string;
    holder: string | null;
    outstanding: number;
    submitted: number;
    lastError: string | null;
    stateChangedAt: Date;
    heartbeatAt: Date;
    lastEnquireLinkAt: Date | null;
    /** A gateway holds this bind slot under a lease that has not run out (else its state is stale). */
    held: boolean;
  }>;
}

/** Carriers with routes and live link state (platform data: no tenant rows involved). */
export async function listCarriers({ ctx }: { ctx: ServiceContext }): Promise<CarrierView[]> {
  return withNoTenant(ctx.db, async (tx) => {
    const [cs, rs, ls] = [
      await tx.select().from(carriers).orderBy(asc(carriers.name)),
      await tx.select().from(routes).orderBy(asc(routes.prefix), asc(routes.priority)),
      await tx
        .select({
          ...getTableColumns(carrierLinks),
          held: sql<boolean>`coalesce(${carrierLinks.holder} is not null and ${carrierLinks.leaseExpiresAt} > now(), false)`,
        })
        .from(carrierLinks)
        .orderBy(asc(carrierLinks.ordinal)),
    ];
    return cs.map((c) => ({
      id: c.id,
      name: c.name,
      host: c.host,
      port: c.port,
      tls: c.tls,
      systemId: c.systemId,
      systemType: c.systemType,
      bindMode: c.bindMode,
      binds: c.binds,
      window: c.window,
      tps: c.tps,
      idNotation: c.idNotation,
      encoding: c.encoding,
      pricePerSegment: Number(c.pricePerSegment),
      destTon: c.destTon,
      destNpi: c.destNpi,
      enabled: c.enabled,
      routes: rs
        .filter((r) => r.carrierId === c.id)
        .map((r) => ({ prefix: r.prefix, priority: r.priority, agencyId: r.agencyId })),
      links: ls
        .filter((l) => l.carrierId === c.id)
        .map((l) => ({
          ordinal: l.ordinal,
          state: l.state,
          holder: l.holder,
          outstanding: l.outstanding,
          submitted: l.submitted,
          lastError: l.lastError,
          stateChangedAt: l.stateChangedAt,
          heartbeatAt: l.heartbeatAt,
          lastEnquireLinkAt: l.lastEnquireLinkAt,
          held: l.held,
        })),
    }));
  });
}
