export type { IdFormat } from './message-id-source.ts';
export { startSimulator } from './simulator.ts';
export type {
  MoInjection,
  SimulatedOutcome,
  Simulator,
  SimulatorEvents,
  SimulatorOptions,
  SubmittedMessage,
} from './simulator-types.ts';
