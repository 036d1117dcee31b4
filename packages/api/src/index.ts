export { createTrpcContext, type TrpcContext, type TrpcContextInput } from './context.ts';
export { type AppRouter, appRouter, createCaller } from './root.ts';
