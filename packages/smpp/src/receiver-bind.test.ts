import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DecodedPdu, encodeMessagePdu, encodePdu } from './pdu-codec.ts';
import { PduLink } from './pdu-link.ts';
import { ReceiverBind } from './receiver-bind.ts';

const mo = {
  sourceTon: 1,
  sourceNpi: 1,
  sourceAddr: '34600000002',
  destTon: 0,
  destNpi: 1,
  destAddr: '215',
  esmClass: 0,
  registeredDelivery: 0,
  dataCoding: 0,
  shortMessage: Buffer.from('BAJA'),
};

/** The carrier's end: a raw PduLink whose PDUs are queued for the test to read. */
class Peer {
  readonly link: PduLink;
  readonly received: DecodedPdu[] = [];
  closed = false;
  #waiters: (() => void)[] = [];

  constructor(socket: Socket) {
    this.link = new PduLink(socket, {
      onPdu: (pdu) => {
        this.received.push(pdu);
        for (const w of this.#waiters.splice(0)) w();
      },
      onMalformed: () => {},
      onClose: () => {
        this.closed = true;
        for (const w of this.#waiters.splice(0)) w();
      },
    });
  }

  async next(): Promise<DecodedPdu> {
    while (this.received.length === 0) {
      if (this.closed) throw new Error('peer closed');
      await new Promise<void>((r) => this.#waiters.push(r));
    }
    const pdu = this.received.shift();
    if (pdu === undefined) throw new Error('unreachable');
    return pdu;
  }
}

let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** Our side accepts the carrier's connection and runs a ReceiverBind on it; the peer dials in. */
async function connectPair(deliverWindow?: number): Promise<{ rx: ReceiverBind; peer: Peer; ours: PduLink }> {
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer(resolve);
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  const address = server?.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  const { connect } = await import('node:net');
  const peer = new Peer(connect(address.port, '127.0.0.1'));
  const socket = await accepted;
  let rx: ReceiverBind | null = null;
  const ours = new PduLink(socket, {
    onPdu: (pdu) => rx?.handlePdu(pdu),
    onMalformed: (header) => rx?.handleMalformed(header),
    onClose: () => rx?.handleClose(),
  });
  rx = new ReceiverBind(ours, {
    systemId: 'pregon',
    password: 'secret',
    responseTimeoutMs: 1000,
    ...(deliverWindow === undefined ? {} : { deliverWindow }),
  });
  return { rx, peer, ours };
}

describe('ReceiverBind (a receiver bind over a connection the carrier opened)', () => {
  it('binds with our credentials and answers a deliver_sm only after its handler settled', async () => {
    const { rx, peer } = await connectPair();
    const bound = rx.bind();
    const bind = await peer.next();
    expect(bind).toMatchObject({ command: 'bind_receiver', systemId: 'pregon', password: 'secret' });
    peer.link.send(encodePdu('bind_receiver_resp', bind.header.sequence, { system_id: 'SMSC' }));
    expect(await bound).toBe(true);
    expect(rx.state).toBe('bound');

    let release = (): void => {};
    const stored = new Promise<void>((r) => {
      release = r;
    });
    const texts: string[] = [];
    rx.on('mo', async (m) => {
      texts.push(Buffer.from(m.shortMessage).toString());
      await stored;
    });
    peer.link.send(encodeMessagePdu('deliver_sm', 7, mo));
    await new Promise((r) => setTimeout(r, 50));
    expect(texts).toEqual(['BAJA']);
    expect(peer.received).toEqual([]); // no deliver_sm_resp while the MO is not stored
    release();
    expect(await peer.next()).toMatchObject({
      command: 'deliver_sm_resp',
      header: { sequence: 7, status: 0 },
    });

    peer.link.send(encodePdu('enquire_link', 8));
    expect(await peer.next()).toMatchObject({ command: 'enquire_link_resp', header: { sequence: 8 } });
    const unknown = Buffer.alloc(16);
    unknown.writeUInt32BE(16, 0);
    unknown.writeUInt32BE(0x666, 4);
    unknown.writeUInt32BE(9, 12);
    peer.link.send(unknown);
    expect(await peer.next()).toMatchObject({ command: 'generic_nack', header: { sequence: 9 } });

    peer.link.send(encodePdu('unbind', 10));
    expect(await peer.next()).toMatchObject({ command: 'unbind_resp', header: { sequence: 10 } });
    await expect(peer.next()).rejects.toThrow('peer closed');
  });

  it('answers ESME_RX_T_APPN when storing the MO fails, so the carrier sends it again', async () => {
    const { rx, peer } = await connectPair();
    const bound = rx.bind();
    peer.link.send(encodePdu('bind_receiver_resp', (await peer.next()).header.sequence, { system_id: 'S' }));
    await bound;
    rx.on('mo', async () => {
      throw new Error('database down');
    });
    peer.link.send(encodeMessagePdu('deliver_sm', 3, mo));
    expect(await peer.next()).toMatchObject({ command: 'deliver_sm_resp', header: { status: 0x64 } });
    await rx.unbind(500);
  });

  it('closes the connection when the carrier refuses our bind_receiver', async () => {
    const { rx, peer } = await connectPair();
    const bound = rx.bind();
    peer.link.send(encodePdu('bind_receiver_resp', (await peer.next()).header.sequence, {}, 0x0e));
    expect(await bound).toBe(false);
    await expect(peer.next()).rejects.toThrow('peer closed');
  });

  it('answers ESME_RTHROTTLED at once to deliver_sm beyond its deliver window, and takes them again later', async () => {
    const { rx, peer } = await connectPair(3);
    const bound = rx.bind();
    peer.link.send(encodePdu('bind_receiver_resp', (await peer.next()).header.sequence, { system_id: 'S' }));
    await bound;
    let release = (): void => {};
    const stored = new Promise<void>((r) => {
      release = r;
    });
    let taken = 0;
    rx.on('mo', async () => {
      taken += 1;
      await stored;
    });
    for (let seq = 1; seq <= 10; seq++) peer.link.send(encodeMessagePdu('deliver_sm', seq, mo));
    for (let seq = 4; seq <= 10; seq++)
      expect(await peer.next()).toMatchObject({
        command: 'deliver_sm_resp',
        header: { sequence: seq, status: 0x58 },
      });
    expect(taken).toBe(3);
    expect(rx.stats()).toMatchObject({ deliversUnanswered: 3, deliverThrottled: 7 });
    release();
    const answered = [await peer.next(), await peer.next(), await peer.next()];
    expect(answered.map((p) => [p.header.sequence, p.header.status])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    peer.link.send(encodeMessagePdu('deliver_sm', 11, mo));
    expect(await peer.next()).toMatchObject({ header: { sequence: 11, status: 0 } });
    expect(taken).toBe(4);
    expect(rx.stats()).toMatchObject({ deliversUnanswered: 0, deliverThrottled: 7 });
    await rx.unbind(500);
  });
});
