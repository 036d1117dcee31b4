import { AppError, type Lane, type ServiceType } from '@pregon/domain';

/** Lanes a sender may ask for; `election` is only ever derived from the service. */
export const REQUESTABLE_LANES = ['emergency', 'transactional', 'bulk'] as const;
export type RequestedLane = (typeof REQUESTABLE_LANES)[number];

/**
 * The lane of a new message: derived from its service (elections -> election, else transactional);
 * a sender may step down to `bulk` or `transactional`, and ask for `emergency` only on a city-alerts service.
 * @example messageLane('city-alerts', 'emergency') // 'emergency'
 */
export function messageLane(
  serviceType: ServiceType | undefined,
  requested: RequestedLane | undefined,
): Lane {
  if (requested === 'emergency') {
    if (serviceType !== 'city-alerts')
      throw new AppError('BAD_REQUEST', '"lane" emergency is only for a city-alerts service', {
        details: { field: 'lane' },
      });
    return 'emergency';
  }
  if (requested !== undefined) return requested;
  return serviceType === 'elections' ? 'election' : 'transactional';
}
