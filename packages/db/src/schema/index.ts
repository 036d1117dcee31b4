export * from './agencies.ts';
export * from './api-keys.ts';
export * from './audit.ts';
export * from './carriers.ts';
export * from './messages.ts';
export * from './services.ts';
export * from './tenancy.ts';
export * from './users.ts';
