import { connect } from 'node:net';
import { type DecodedPdu, encodeMessagePdu, encodePdu, type MessageFields, PduLink } from '@pregon/smpp';

/**
 * A carrier's SMSC in miniature that connects to our listener and sends `outbind` (SMPP 3.4 §4.1.7),
 * then answers our bind_receiver and pushes deliver_sm. Every PDU we send it is kept for the test.
 */
export class OutbindPeer {
  readonly link: PduLink;
  readonly received: DecodedPdu[] = [];
  readonly closed: Promise<void>;
  #waiters: Array<{ match: (p: DecodedPdu) => boolean; resolve: (p: DecodedPdu) => void }> = [];
  #seq = 100;

  private constructor(link: PduLink, closed: Promise<void>) {
    this.link = link;
    this.closed = closed;
  }

  static async connect(port: number): Promise<OutbindPeer> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    let onClosed = () => {};
    const closed = new Promise<void>((resolve) => {
      onClosed = resolve;
    });
    let self: OutbindPeer | null = null;
    const link = new PduLink(socket, {
      onPdu: (pdu) => {
        if (self) self.#accept(pdu);
      },
      onMalformed: () => {},
      onClose: () => onClosed(),
      onError: () => {},
    });
    self = new OutbindPeer(link, closed);
    return self;
  }

  /** Sends outbind; resolves with the bind_receiver it provoked (already answered with `status`). */
  async outbind(systemId: string, password: string, status = 0): Promise<DecodedPdu> {
    const bind = this.waitFor((p) => p.command === 'bind_receiver');
    this.link.send(encodePdu('outbind', this.#next(), { system_id: systemId, password }));
    const pdu = await bind;
    this.link.send(encodePdu('bind_receiver_resp', pdu.header.sequence, { system_id: 'SMSC' }, status));
    return pdu;
  }

  /** Sends a deliver_sm and resolves with its deliver_sm_resp. */
  deliver(fields: MessageFields, timeoutMs = 10_000): Promise<DecodedPdu> {
    const sequence = this.#next();
    const answer = this.waitFor((p) => p.isResponse && p.header.sequence === sequence, timeoutMs);
    this.link.send(encodeMessagePdu('deliver_sm', sequence, fields));
    return answer;
  }

  /** Writes `pdu` and resolves with the response to `sequence`. */
  waitForAnswer(pdu: Buffer, sequence: number): Promise<DecodedPdu> {
    const answer = this.waitFor((p) => p.isResponse && p.header.sequence === sequence);
    this.link.send(pdu);
    return answer;
  }

  waitFor(match: (p: DecodedPdu) => boolean, timeoutMs = 10_000): Promise<DecodedPdu> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching PDU in time')), timeoutMs);
      this.#waiters.push({
        match,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  close(): void {
    this.link.destroy();
  }

  #next(): number {
    this.#seq += 1;
    return this.#seq;
  }

  #accept(pdu: DecodedPdu): void {
    this.received.push(pdu);
    for (const w of [...this.#waiters]) {
      if (!w.match(pdu)) continue;
      this.#waiters = this.#waiters.filter((x) => x !== w);
      w.resolve(pdu);
    }
  }
}
