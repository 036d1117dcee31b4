// pglite-socket 0.2.17 queues client messages one protocol message at a time and keeps a client's
// turn only inside an explicit transaction. Two clients' extended-protocol cycles (Parse, Bind,
// Execute ... Sync) can then interleave on PGlite's one session, and one client's Bind meets the
// other's unnamed statement ("unnamed prepared statement does not exist"). This keeps each
// client's turn until its cycle ends: a Sync, a simple Query, a Terminate or a startup packet.

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(
      message: Uint8Array,
      options: { onRawData: (data: Uint8Array) => void },
    ): Promise<unknown>;
  };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

/** True when, after this message, the client has no protocol cycle left open. */
function endsCycle(message: Uint8Array): boolean {
  const type = message[0];
  // Startup, SSL and cancel packets start with a length, whose first byte is 0 for any sane size.
  return type === undefined || type === 0 || type === SYNC || type === QUERY || type === TERMINATE;
}

/** Replaces the server's queue scheduling with one that never splits a client's protocol cycle. */
export function keepProtocolCyclesWhole(server: object): void {
  const q = (server as { queryQueue: QueryQueue }).queryQueue;
  let cycleOpen = false;

  q.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned = this.lastHandlerId !== null && (cycleOpen || this.db.isInTransaction());
        const index = pinned ? this.queue.findIndex((m) => m.handlerId === this.lastHandlerId) : 0;
        if (index === -1) break; // wait for the pinned client's next message
        const [item] = this.queue.splice(index, 1);
        if (!item) break;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          item.reject(error);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        cycleOpen = !endsCycle(item.message);
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    // A client that left mid-cycle must not hold everyone else's turn.
    if (q.lastHandlerId === handlerId && cycleOpen) {
      cycleOpen = false;
      void q.processQueue();
    }
  };
}
