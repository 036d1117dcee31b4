export { createApp } from './app.ts';
export { type Gateway, type GatewayConfig, startGateway } from './gateway.ts';
