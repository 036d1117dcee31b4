/** Membership roles; platform_admin is held in the operator's own agency. */
export const ROLES = ['platform_admin', 'agency_admin', 'operator', 'election_official', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const SERVICE_TYPES = ['health', 'education', 'city-alerts', 'elections', 'custom'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Priority lanes, highest first; pg-boss priority values (higher runs first). */
export const LANES = { emergency: 30, election: 20, transactional: 10, bulk: 0 } as const;
export type Lane = keyof typeof LANES;
/**
 * Queue priority of a reply to a citizen's own text (keyword confirmations, HELP, STOP receipts): above
 * every lane, emergency included. Someone is waiting with the phone in hand, and replies are few (the
 * inbound flood limits cap them): going first costs an alert to 10,000 a few milliseconds, whereas
 * behind it a reply waited 10 s. Their lane stays transactional for statistics and quiet hours.
 */
export const REPLY_PRIORITY = 35;
/** The lowest priority of urgent work (emergency alerts and replies): what urgent-only workers fetch. */
export const URGENT_PRIORITY: number = LANES.emergency;
/** Lane names, highest first. */
export const LANE_NAMES = [
  'emergency',
  'election',
  'transactional',
  'bulk',
] as const satisfies readonly Lane[];
