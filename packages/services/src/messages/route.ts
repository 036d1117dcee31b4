/** A route candidate as stored: prefix, priority and the carrier it leads to. */
export interface RouteCandidate<C> {
  prefix: string;
  priority: number;
  carrier: C;
}

/** The carrier for a destination: longest matching prefix first, then the lowest priority number. */
export function pickRoute<C>(candidates: RouteCandidate<C>[], destination: string): C | undefined {
  let best: RouteCandidate<C> | undefined;
  for (const r of candidates) {
    if (!destination.startsWith(r.prefix)) continue;
    if (
      !best ||
      r.prefix.length > best.prefix.length ||
      (r.prefix.length === best.prefix.length && r.priority < best.priority)
    ) {
      best = r;
    }
  }
  return best?.carrier;
}
