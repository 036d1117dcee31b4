import { connect } from 'node:net';
import { type DecodedPdu, encodeMessagePdu, encodePdu, type MessageFields, PduLink } from '@pregon/smpp';

/** A bare SMPP peer for tests: writes any PDU or bytes and waits for the answer to a sequence. */
export class RawEsme {
  readonly link: PduLink;
  readonly received: DecodedPdu[] = [];
  readonly closed: Promise<void>;
  #waiters: Array<{ match: (p: DecodedPdu) => boolean; resolve: (p: DecodedPdu) => void }> = [];
  #seq = 0;

  private constructor(link: PduLink, closed: Promise<void>) {
    this.link = link;
    this.closed = closed;
  }

  static async open(port: number): Promise<RawEsme> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    let onClosed = () => {};
    const closed = new Promise<void>((resolve) => {
      onClosed = resolve;
    });
    let self: RawEsme | null = null;
    const link = new PduLink(socket, {
      onPdu: (pdu) => self?.accept(pdu),
      onMalformed: () => {},
      onClose: () => onClosed(),
      onError: () => {},
    });
    self = new RawEsme(link, closed);
    return self;
  }

  nextSequence(): number {
    this.#seq += 1;
    return this.#seq;
  }

  /** Sends a PDU and resolves with the PDU answering its sequence number. */
  request(pdu: Buffer, sequence: number): Promise<DecodedPdu> {
    const answer = this.waitFor((p) => p.isResponse && p.header.sequence === sequence);
    this.link.socket.write(pdu);
    return answer;
  }

  bind(
    systemId: string,
    password: string,
    mode: 'bind_transceiver' | 'bind_transmitter' | 'bind_receiver' = 'bind_transceiver',
  ): Promise<DecodedPdu> {
    const seq = this.nextSequence();
    return this.request(
      encodePdu(mode, seq, { system_id: systemId, password, system_type: '', interface_version: 0x34 }),
      seq,
    );
  }

  submit(fields: MessageFields): Promise<DecodedPdu> {
    const seq = this.nextSequence();
    return this.request(encodeMessagePdu('submit_sm', seq, fields), seq);
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

  /** Records a PDU from the listener and wakes whoever waits for it. */
  accept(pdu: DecodedPdu): void {
    this.received.push(pdu);
    const hit = this.#waiters.filter((w) => w.match(pdu));
    this.#waiters = this.#waiters.filter((w) => !w.match(pdu));
    for (const w of hit) w.resolve(pdu);
  }
}

/** submit_sm fields with defaults: international destination, default sender, GSM text as octets. */
export function submitFields(overrides: Partial<MessageFields> & { text?: string } = {}): MessageFields {
  const { text, ...rest } = overrides;
  return {
    sourceTon: 0,
    sourceNpi: 0,
    sourceAddr: '',
    destTon: 1,
    destNpi: 1,
    destAddr: '34600000001',
    esmClass: 0,
    registeredDelivery: 0,
    dataCoding: 0,
    shortMessage: Buffer.from(text ?? 'Hola', 'latin1'),
    ...rest,
  };
}
