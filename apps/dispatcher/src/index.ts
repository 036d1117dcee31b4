export { type Dispatcher, type DispatcherConfig, startDispatcher } from './dispatcher.ts';
export { handlers } from './handlers.ts';
