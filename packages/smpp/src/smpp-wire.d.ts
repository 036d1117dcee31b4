// Minimal types for the untyped npm `smpp` package (0.5.x): only what Pregón uses.
// Its reader (Session#_extractPDUs) and message filters are bypassed on purpose: see pdu-codec.ts.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, ServerOpts, Socket } from 'node:net';

  /** A PDU as the package models it: header fields plus body fields by SMPP name. */
  export class PDU {
    constructor(command: string, options?: Record<string, unknown>);
    constructor(buffer: Buffer);
    command: string;
    command_length: number;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    toBuffer(): Buffer;
    static maxLength: number;
  }

  export class Session extends EventEmitter {
    socket: Socket;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }

  export class Server extends NetServer {
    sessions: Session[];
  }

  export function createServer(options: ServerOpts, listener?: (session: Session) => void): Server;

  export const commandsById: Record<number, { command: string } | undefined>;
}
