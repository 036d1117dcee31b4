import { type AddressInfo, connect } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScriptedSmsc, until } from '../test/scripted-smsc.ts';
import { type SelfSignedCert, selfSignedCert } from '../test/self-signed-cert.ts';
import type { EsmeSessionOptions } from './esme-options.ts';
import { EsmeSession } from './esme-session.ts';
import { encodePdu } from './pdu-codec.ts';

// A TLS front that decrypts and pipes each connection to a plain SMSC, as stunnel in front of an SMSC does.
async function tlsFront(cert: SelfSignedCert, targetPort: number): Promise<Server> {
  const server = createServer({ cert: cert.cert, key: cert.key }, (tlsSocket) => {
    const plain = connect(targetPort, '127.0.0.1');
    tlsSocket.pipe(plain).pipe(tlsSocket);
    const end = () => {
      tlsSocket.destroy();
      plain.destroy();
    };
    tlsSocket.on('error', end).on('close', end);
    plain.on('error', end).on('close', end);
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const cert = selfSignedCert();
let smsc: ScriptedSmsc;
let front: Server;
let session: EsmeSession | null = null;

function startSession(tls: EsmeSessionOptions['tls']): { session: EsmeSession; errors: Error[] } {
  const s = new EsmeSession({
    host: '127.0.0.1',
    port: (front.address() as AddressInfo).port,
    systemId: 'pregon',
    password: 'secret',
    responseTimeoutMs: 1000,
    reconnect: { minMs: 20, maxMs: 80 },
    ...(tls === undefined ? {} : { tls }),
  });
  const errors: Error[] = [];
  s.on('error', (e) => errors.push(e));
  s.start();
  session = s;
  return { session: s, errors };
}

beforeEach(async () => {
  smsc = await ScriptedSmsc.start();
  smsc.script = (link, pdu) => {
    if (pdu.command !== 'submit_sm') return false;
    link.send(encodePdu('submit_sm_resp', pdu.header.sequence, { message_id: 'tls1' }));
    return true;
  };
  front = await tlsFront(cert, smsc.port);
});

afterEach(async () => {
  await session?.stop();
  session = null;
  await new Promise<void>((resolve) => front.close(() => resolve()));
  await smsc.close();
});

describe('EsmeSession over TLS', () => {
  it('binds and submits when the certificate chains to the configured CA', async () => {
    const { session: s } = startSession({ ca: cert.cert });
    await until(() => s.state === 'bound', 5000);
    const outcome = await s.submit({
      sourceAddr: 'PREGON',
      sourceTon: 5,
      sourceNpi: 0,
      destAddr: '34600000001',
      destTon: 1,
      destNpi: 1,
      dataCoding: 0,
      esmClass: 0,
      shortMessage: Buffer.from('por TLS'),
      registeredDelivery: 0,
    });
    expect(outcome).toMatchObject({ kind: 'accepted', messageId: 'tls1' });
    expect(smsc.received.map((p) => p.command)).toEqual(['bind_transceiver', 'submit_sm']);
  });

  it('verifies by default: an untrusted certificate never binds, nothing reaches the SMSC, and it keeps retrying', async () => {
    const { session: s, errors } = startSession(true);
    await until(() => s.stats().reconnects >= 3, 5000);
    expect(s.state).not.toBe('bound');
    expect(errors.some((e) => /self[- ]signed/i.test(e.message))).toBe(true);
    expect(smsc.received).toEqual([]);
  });

  it('rejects a trusted certificate issued for another name', async () => {
    const { session: s, errors } = startSession({ ca: cert.cert, servername: 'smsc.carrier.example' });
    await until(() => s.stats().reconnects >= 2, 5000);
    expect(s.state).not.toBe('bound');
    expect(errors.some((e) => /smsc\.carrier\.example/.test(e.message))).toBe(true);
    expect(smsc.received).toEqual([]);
  });

  it('binds with verification explicitly off (lab SMSC only)', async () => {
    const { session: s } = startSession({ rejectUnauthorized: false });
    await until(() => s.state === 'bound', 5000);
    expect(smsc.received[0]?.command).toBe('bind_transceiver');
  });
});
