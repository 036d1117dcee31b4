import type { Socket } from 'node:net';
import { ESME_RINVCMDLEN } from './command-status.ts';
import { type DecodedPdu, decodePdu, encodePdu, type PduHeader } from './pdu-codec.ts';
import { MAX_PDU_LENGTH, PduFramer } from './pdu-framer.ts';

export interface PduLinkHandlers {
  readonly onPdu: (pdu: DecodedPdu) => void;
  /** A whole frame whose body did not decode; the link stays up. */
  readonly onMalformed: (header: PduHeader, reason: string) => void;
  readonly onClose: () => void;
  readonly onError?: (error: Error) => void;
}

/**
 * One TCP connection speaking SMPP PDUs, for either side. It owns the framing (rather than the `smpp`
 * package's Session, whose reader stalls for good after one undecodable PDU) and answers an absurd
 * command_length with generic_nack then closes (DESIGN: SMPP facts 5).
 */
export class PduLink {
  readonly socket: Socket;
  readonly #framer: PduFramer;
  readonly #handlers: PduLinkHandlers;
  #closed = false;
  #corked = false;

  constructor(socket: Socket, handlers: PduLinkHandlers, maxLength = MAX_PDU_LENGTH) {
    this.socket = socket;
    this.#handlers = handlers;
    this.#framer = new PduFramer(maxLength);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => handlers.onError?.(error));
    socket.on('close', () => {
      this.#closed = true;
      handlers.onClose();
    });
  }

  get open(): boolean {
    return !this.#closed && this.socket.writable;
  }

  /** Writes one encoded PDU; false when the socket can no longer be written (nothing was sent). */
  send(pdu: Buffer): boolean {
    if (!this.open) return false;
    // PDUs written in one tick (a window's worth of submits freed by one read) leave in one writev
    // instead of one syscall each.
    if (!this.#corked) {
      this.#corked = true;
      this.socket.cork();
      process.nextTick(this.#uncork);
    }
    this.socket.write(pdu);
    return true;
  }

  readonly #uncork = (): void => {
    this.#corked = false;
    this.socket.uncork();
  };

  /** Half-closes after pending writes flush; destroys if the peer does not close within `graceMs`. */
  close(graceMs = 1000): void {
    if (this.#closed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), graceMs).unref();
  }

  destroy(): void {
    this.socket.destroy();
  }

  #onData(chunk: Buffer): void {
    for (const ev of this.#framer.push(chunk)) {
      if (this.#closed) return;
      if (ev.kind === 'bad_length') {
        this.send(encodePdu('generic_nack', ev.sequence ?? 0, {}, ev.status || ESME_RINVCMDLEN));
        this.close(100);
        return;
      }
      const decoded = decodePdu(ev.frame);
      if (decoded.ok) this.#handlers.onPdu(decoded.pdu);
      else this.#handlers.onMalformed(decoded.header, decoded.reason);
    }
  }
}
