import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EsmeSession } from '@pregon/smpp';
import { frameOf, loadGoldenPdus } from '@pregon/smpp/fuzzing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzConnection, fuzzListener } from './listener-fuzz.ts';
import { type ListenerEndpoint, listenerTargets } from './listener-targets.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const golden = loadGoldenPdus().map(frameOf);

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function header(length: number, commandId: number, sequence: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(length >>> 0, 0);
  b.writeUInt32BE(commandId >>> 0, 4);
  b.writeUInt32BE(sequence, 12);
  return b;
}

describe.each(listenerTargets)('fuzzing the live $name listener', (target) => {
  let endpoint: ListenerEndpoint;

  beforeAll(async () => {
    endpoint = await target.start();
  });

  afterAll(async () => {
    await endpoint?.close();
  });

  it('answers an oversize command_length with generic_nack and closes, without buffering the flood', async () => {
    const flood = Buffer.concat([header(0x7fffffff, 0x04, 77), Buffer.alloc(1024 * 1024, 0x41)]);
    const v = await fuzzConnection(endpoint, flood);
    expect(v).toMatchObject({ nacks: 1, hung: false });
  });

  it('answers a command_length below the header size with generic_nack', async () => {
    const v = await fuzzConnection(endpoint, header(8, 0x15, 5));
    expect(v).toMatchObject({ expected: 1, nacks: 1, hung: false });
  });

  it('nacks unknown commands and stays up for the next PDU on the same connection', async () => {
    const stream = Buffer.concat([header(16, 0x00000666, 1), header(16, 0x15, 2)]);
    const v = await fuzzConnection(endpoint, stream);
    expect(v).toMatchObject({ expected: 2, responses: 2, nacks: 1, closedByServer: false, hung: false });
  });

  it('survives thousands of mutated streams: every owed answer or a close, no hang, bounded memory', async () => {
    const round = (seed: number) =>
      fuzzListener(endpoint, { connections: 150, perConnection: 40, parallel: 15, seed, golden });
    await round(1); // warm-up: code paths, JIT, pools
    const before = heapAfterGc();
    const report = await round(2);
    const growth = heapAfterGc() - before;
    expect(report.hung).toBe(0);
    expect(report.inputs).toBeGreaterThan(2000);
    expect(report.answered).toBeGreaterThan(400);
    expect(report.nacks).toBeGreaterThan(50);
    expect(report.closedByServer).toBeGreaterThan(10);
    // A leak of even a few octets per input would show; 16 MiB leaves room for GC noise.
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  });

  it('still binds and submits for a well-behaved ESME afterwards', async () => {
    const session = new EsmeSession({
      host: endpoint.host,
      port: endpoint.port,
      systemId: endpoint.systemId,
      password: endpoint.password,
      responseTimeoutMs: 2000,
    });
    session.start();
    try {
      const outcome = await session.submit({
        sourceAddr: endpoint.sourceAddr,
        sourceTon: 5,
        sourceNpi: 0,
        destAddr: '34600000001',
        destTon: 1,
        destNpi: 1,
        dataCoding: 0,
        esmClass: 0,
        shortMessage: Buffer.from('sigo vivo'),
        registeredDelivery: 0,
      });
      expect(outcome.kind).toBe('accepted');
    } finally {
      await session.stop();
    }
  });
});
