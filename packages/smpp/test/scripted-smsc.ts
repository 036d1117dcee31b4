import { type AddressInfo, createServer, type Server } from 'node:net';
import { type DecodedPdu, encodePdu } from '../src/pdu-codec.ts';
import { PduLink } from '../src/pdu-link.ts';

/** Handler for a PDU the peer received; return true when it answered (or chose silence) itself. */
export type Script = (link: PduLink, pdu: DecodedPdu) => boolean;

/**
 * A bare SMSC for session tests, over a real socket on port 0: binds succeed, enquire_link is answered,
 * everything else goes to `script` so a test can misbehave exactly as it needs.
 */
export class ScriptedSmsc {
  readonly received: DecodedPdu[] = [];
  readonly links: PduLink[] = [];
  script: Script = () => false;
  answerEnquireLink = true;
  #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<ScriptedSmsc> {
    const server = createServer();
    const smsc = new ScriptedSmsc(server);
    server.on('connection', (socket) => {
      const link: PduLink = new PduLink(socket, {
        onPdu: (pdu) => smsc.#onPdu(link, pdu),
        onMalformed: () => {},
        onClose: () => {},
        onError: () => {},
      });
      smsc.links.push(link);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return smsc;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get last(): PduLink | undefined {
    return this.links.at(-1);
  }

  async close(): Promise<void> {
    for (const l of this.links) l.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #onPdu(link: PduLink, pdu: DecodedPdu): void {
    this.received.push(pdu);
    if (this.script(link, pdu)) return;
    const seq = pdu.header.sequence;
    if (
      pdu.command === 'bind_transceiver' ||
      pdu.command === 'bind_transmitter' ||
      pdu.command === 'bind_receiver'
    ) {
      link.send(encodePdu(`${pdu.command}_resp`, seq, { system_id: 'SCRIPTED' }));
    } else if (pdu.command === 'enquire_link' && this.answerEnquireLink) {
      link.send(encodePdu('enquire_link_resp', seq));
    } else if (pdu.command === 'unbind') {
      link.send(encodePdu('unbind_resp', seq));
    }
  }
}

/** Polls until `check` holds (real sockets: no fake timers). */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
