import type { ApiKeyPrincipal, ServiceContext } from '@pregon/services';
import type { Logger } from 'pino';
import type { LinkMetricsSource } from '../routes/metrics.ts';

/** What /readyz reports about carrier links. */
export interface LinkReadiness {
  links(): Array<{ carrier: string; ordinal: number; state: string }>;
}

export interface GatewayDeps {
  services: ServiceContext;
  logger: Logger;
  links: LinkReadiness;
  /** Per-session SMPP numbers for /metrics; without it /metrics has only the process metrics. */
  linkMetrics?: LinkMetricsSource;
  consoleDir: string | null;
  apiRatePerSecond: number;
  /** Bearer token GET /metrics requires; null or absent: open. */
  metricsToken?: string | null;
  /** How long a resolved API key is trusted without asking the database (a revocation's delay). */
  apiKeyCacheMs?: number;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it); default false. */
  trustProxy?: boolean;
}

export type GatewayEnvBindings = {
  Variables: { requestId: string; log: Logger; principal: ApiKeyPrincipal };
};
