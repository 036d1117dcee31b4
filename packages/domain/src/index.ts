export * from './errors.ts';
export * from './jobs.ts';
export * from './message-status.ts';
export * from './phone.ts';
export * from './roles.ts';
