import { carriers } from '@pregon/db';
import { createTestDatabase } from '@pregon/db/testing';
import { createSmppClient, noJobQueue } from '@pregon/services';
import { MAX_PDU_LENGTH } from '@pregon/smpp';
import { startSimulator } from '../simulator/src/index.ts';
import { startStack } from '../stack.ts';

/** A running SMPP server to fuzz: where it listens, credentials a well-behaved ESME binds with, its cap. */
export interface ListenerEndpoint {
  readonly host: string;
  readonly port: number;
  readonly systemId: string;
  readonly password: string;
  /** A source_addr the server accepts a submit_sm from (the gateway takes only the agency's senders). */
  readonly sourceAddr: string;
  /** The server's command_length cap (PduFramer's by default), to predict which frames it must answer. */
  readonly maxPduLength: number;
  close(): Promise<void>;
}

/** A live server under fuzz. */
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
      sourceAddr: 'PREGON',
      maxPduLength: MAX_PDU_LENGTH,
      close: () => sim.close(),
    };
  },
};

/**
 * The gateway's own SMPP listener (apps/gateway/src/listener), in a whole stack on a database of its
 * own, with an agency SMPP client to bind as. The fuzzer is one source address, so the bind lockout
 * is loosened; the demo carrier gets a system_id no golden PDU carries, so no mutated `outbind`
 * succeeds and leaves the fuzzer waiting on a bind_receiver it cannot answer.
 */
export const gatewayTarget: ListenerTarget = {
  name: 'gateway',
  start: async () => {
    const t = await createTestDatabase('fuzz_gateway');
    const stack = await startStack({
      databaseUrl: t.url,
      gateway: { smppLockout: { maxFailures: Number.MAX_SAFE_INTEGER, windowMs: 1_000, lockMs: 1 } },
    });
    const ctx = { db: t.db, queue: noJobQueue };
    await t.db.update(carriers).set({ systemId: 'fuzz-smsc' });
    await createSmppClient({
      ctx,
      input: { agencySlug: 'salut-valencia', systemId: 'fuzz-esme', password: 'fuzz-pw' },
      actor: { kind: 'cli' },
    });
    return {
      host: '127.0.0.1',
      port: stack.gateway.smppListener.port,
      systemId: 'fuzz-esme',
      password: 'fuzz-pw',
      sourceAddr: 'SALUT', // the demo sender of salut-valencia
      maxPduLength: MAX_PDU_LENGTH,
      close: async () => {
        await stack.stop();
        await t.drop();
      },
    };
  },
};

export const listenerTargets: readonly ListenerTarget[] = [simulatorTarget, gatewayTarget];
