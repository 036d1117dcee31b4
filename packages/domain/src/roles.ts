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
 * election, below emergency. Someone is waiting with the phone in hand, replies are few (the inbound
 * flood limits cap them), and an election blast must not hold them for minutes. Their lane stays
 * transactional for statistics and quiet hours.
 */
export const REPLY_PRIORITY = 25;
/** Lane names, highest first. */
export const LANE_NAMES = [
  'emergency',
  'election',
  'transactional',
  'bulk',
] as const satisfies readonly Lane[];
