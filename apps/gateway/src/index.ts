export { createApp } from './app.ts';
export { type Gateway, type GatewayConfig, startGateway } from './gateway.ts';
export { MoIntake } from './inbound/mo-intake.ts';
export { CarrierLinks, DEFAULT_LEASE_TIMING, type LeaseTiming } from './links/carrier-links.ts';
export { linkMetricsRegistry } from './routes/metrics.ts';
