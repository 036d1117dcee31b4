/** A route as stored: prefix, priority, whose it is (null: the platform's) and the carrier it leads to. */
export interface RouteCandidate<C extends { id: string }> {
  prefix: string;
  priority: number;
  agencyId: string | null;
  carrier: C;
}

/**
 * Every carrier that may take a destination, in failover order: the agency's own routes first, then
 * the platform's; within each, the longest prefix, then the lowest priority number. A carrier appears
 * once, at its best place.
 * @example pickRoute(routes, '+34600000001', tenantId)[0] // the carrier to try first
 */
export function pickRoute<C extends { id: string }>(
  candidates: RouteCandidate<C>[],
  destination: string,
  agencyId: string,
): C[] {
  const rank = (r: RouteCandidate<C>) => (r.agencyId === agencyId ? 0 : 1);
  const matching = candidates
    .filter((r) => destination.startsWith(r.prefix) && (r.agencyId === null || r.agencyId === agencyId))
    .sort((a, b) => rank(a) - rank(b) || b.prefix.length - a.prefix.length || a.priority - b.priority);
  const seen = new Set<string>();
  const ordered: C[] = [];
  for (const r of matching) {
    if (seen.has(r.carrier.id)) continue;
    seen.add(r.carrier.id);
    ordered.push(r.carrier);
  }
  return ordered;
}
