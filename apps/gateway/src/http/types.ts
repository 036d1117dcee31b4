import type { ApiKeyPrincipal, ServiceContext } from '@pregon/services';
import type { Logger } from 'pino';

/** What /readyz reports about carrier links. */
export interface LinkReadiness {
  links(): Array<{ carrier: string; ordinal: number; state: string }>;
}

export interface GatewayDeps {
  services: ServiceContext;
  logger: Logger;
  links: LinkReadiness;
  consoleDir: string | null;
  apiRatePerSecond: number;
}

export type GatewayEnvBindings = {
  Variables: { requestId: string; log: Logger; principal: ApiKeyPrincipal };
};
