import type { SimulatorEvents } from './simulator-types.ts';

type Handlers = { [K in keyof SimulatorEvents]: Set<SimulatorEvents[K]> };

/** Typed listeners for the simulator; a throwing listener cannot break the SMSC loop. */
export class SimulatorEventHub {
  readonly #handlers: Handlers = {
    submit: new Set(),
    bind: new Set(),
    receipt: new Set(),
    enquire_link: new Set(),
    unbind: new Set(),
    disconnect: new Set(),
  };

  on<K extends keyof SimulatorEvents>(event: K, handler: SimulatorEvents[K]): () => void {
    const set = this.#handlers[event] as Set<SimulatorEvents[K]>;
    set.add(handler);
    return () => set.delete(handler);
  }

  emit<K extends keyof SimulatorEvents>(event: K, payload: Parameters<SimulatorEvents[K]>[0]): void {
    for (const h of this.#handlers[event] as Set<(p: typeof payload) => void>) {
      try {
        h(payload);
      } catch {
        // A test's or CLI's listener bug must not stop the simulated SMSC from answering.
      }
    }
  }
}
