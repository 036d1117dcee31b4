import { MAX_PDU_LENGTH } from '@pregon/smpp';
import { startSimulator } from '../simulator/src/index.ts';

/** A running SMPP server to fuzz: where it listens, credentials a well-behaved ESME binds with, its cap. */
export interface ListenerEndpoint {
  readonly host: string;
  readonly port: number;
  readonly systemId: string;
  readonly password: string;
  /** The server's command_length cap (PduFramer's by default), to predict which frames it must answer. */
  readonly maxPduLength: number;
  close(): Promise<void>;
}

/** A live server under fuzz; add the gateway's own listener here once it exists (apps/gateway/src/listener). */
export interface ListenerTarget {
  readonly name: string;
  readonly start: () => Promise<ListenerEndpoint>;
}

export const simulatorTarget: ListenerTarget = {
  name: 'simulator',
  start: async () => {
    const sim = await startSimulator({ systemId: 'pregon', password: 'secret', receiptDelayMs: 50 });
    return {
      host: sim.host,
      port: sim.port,
      systemId: 'pregon',
      password: 'secret',
      maxPduLength: MAX_PDU_LENGTH,
      close: () => sim.close(),
    };
  },
};

export const listenerTargets: readonly ListenerTarget[] = [simulatorTarget];
