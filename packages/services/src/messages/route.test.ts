import { describe, expect, it } from 'vitest';
import { pickRoute, type RouteCandidate } from './route.ts';

const AGENCY = 'agency-a';
const route = (prefix: string, carrier: string, priority = 1, agencyId: string | null = null) =>
  ({ prefix, priority, agencyId, carrier: { id: carrier } }) satisfies RouteCandidate<{ id: string }>;
const ids = (routes: RouteCandidate<{ id: string }>[], to: string, agency = AGENCY) =>
  pickRoute(routes, to, agency).map((c) => c.id);

describe('pickRoute', () => {
  it('orders candidates by longest prefix, then priority, each carrier once', () => {
    const routes = [
      route('+', 'world', 10),
      route('+34', 'b', 2),
      route('+34', 'a', 1),
      route('+346', 'mobile', 5),
      route('+34', 'mobile', 1),
    ];
    expect(ids(routes, '+34600000001')).toEqual(['mobile', 'a', 'b', 'world']);
    expect(ids(routes, '+34910000000')).toEqual(['a', 'mobile', 'b', 'world']);
    expect(ids(routes, '+33600000000')).toEqual(['world']);
    expect(ids([route('+34', 'a')], '+33600000000')).toEqual([]);
  });

  it("puts the agency's own routes first and ignores other agencies' routes", () => {
    const routes = [
      route('+346', 'platform-mobile'),
      route('+34', 'override', 3, AGENCY),
      route('+34', 'elsewhere', 1, 'agency-b'),
    ];
    expect(ids(routes, '+34600000001')).toEqual(['override', 'platform-mobile']);
    expect(ids(routes, '+34600000001', 'agency-b')).toEqual(['elsewhere', 'platform-mobile']);
    expect(ids(routes, '+34600000001', 'agency-c')).toEqual(['platform-mobile']);
  });
});
