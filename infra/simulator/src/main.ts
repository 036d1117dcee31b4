// Development SMSC: `node infra/simulator/src/main.ts --port 2776 --receipt-delay 500`.
// Prints one JSON object per line (event, time, fields) on stdout, for humans and for `jq`.
import { parseArgs } from 'node:util';
import type { IdFormat } from './message-id-source.ts';
import { startSimulator } from './simulator.ts';
import type { SimulatedOutcome } from './simulator-types.ts';

const OUTCOMES: readonly SimulatedOutcome[] = [
  'deliver',
  'undeliverable',
  'reject',
  'throttle',
  'no_response',
];

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  return found ?? fail(`--${name} must be one of ${allowed.join(', ')}`);
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fail(`--${name} must be a non-negative integer`);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '2776' },
    host: { type: 'string', default: '127.0.0.1' },
    'system-id': { type: 'string' },
    password: { type: 'string' },
    'receipt-delay': { type: 'string' },
    'response-delay': { type: 'string' },
    'id-format': { type: 'string' },
    'receipt-id-format': { type: 'string' },
    'receipt-mode': { type: 'string' },
    'deliver-window': { type: 'string' },
    'throttle-retry': { type: 'string' },
    outcome: { type: 'string' },
  },
});

const idFormats: readonly IdFormat[] = ['hex', 'dec'];
const outcome = oneOf('outcome', values.outcome, OUTCOMES);
const idFormat = oneOf('id-format', values['id-format'], idFormats);
const receiptIdFormat = oneOf('receipt-id-format', values['receipt-id-format'], idFormats);
const receiptMode = oneOf('receipt-mode', values['receipt-mode'], ['tlv+text', 'text'] as const);
const receiptDelayMs = integer('receipt-delay', values['receipt-delay']);
const responseDelayMs = integer('response-delay', values['response-delay']);
const deliverWindow = integer('deliver-window', values['deliver-window']);
if (deliverWindow === 0) fail('--deliver-window must be at least 1');
const throttleRetryMs = integer('throttle-retry', values['throttle-retry']);

const sim = await startSimulator({
  port: integer('port', values.port) ?? 2776,
  host: values.host,
  ...(values['system-id'] === undefined ? {} : { systemId: values['system-id'] }),
  ...(values.password === undefined ? {} : { password: values.password }),
  ...(receiptDelayMs === undefined ? {} : { receiptDelayMs }),
  ...(responseDelayMs === undefined ? {} : { responseDelayMs }),
  ...(idFormat === undefined ? {} : { idFormat }),
  ...(receiptIdFormat === undefined ? {} : { receiptIdFormat }),
  ...(receiptMode === undefined ? {} : { receiptMode }),
  ...(deliverWindow === undefined ? {} : { deliverWindow }),
  ...(throttleRetryMs === undefined ? {} : { throttleRetryMs }),
  ...(outcome === undefined ? {} : { outcome: () => outcome }),
});

function print(event: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ event, time: new Date().toISOString(), ...fields })}\n`);
}

print('listening', { host: sim.host, port: sim.port });
sim.on('bind', (e) => print('bind', e));
sim.on('submit', (s) =>
  print('submit', {
    systemId: s.systemId,
    source: s.source,
    destination: s.destination,
    dataCoding: s.dataCoding,
    esmClass: s.esmClass,
    registeredDelivery: s.registeredDelivery,
    udh: s.udh === null ? null : Buffer.from(s.udh).toString('hex'),
    bytes: Buffer.from(s.bytes).toString('hex'),
    messageId: s.messageId,
    outcome: s.outcome,
  }),
);
sim.on('receipt', (e) => print('receipt', e));
sim.on('unbind', (e) => print('unbind', e));
sim.on('disconnect', (e) => print('disconnect', e));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => print('closed', {}));
  });
}
