import { connect } from 'node:net';
import { decodePdu, PduFramer } from '@pregon/smpp';
import { PduMutator } from '@pregon/smpp/fuzzing';
import type { ListenerEndpoint } from './listener-targets.ts';

// SMPP 3.4 §5.1.2.1: bit 31 of command_id marks a response, which a server never answers.
const RESPONSE_BIT = 0x80000000;
const GENERIC_NACK = 0x80000000;

/** What one connection fed with `input` got back. */
export interface ConnectionVerdict {
  /** Requests the server had to answer: whole non-response frames, plus one nack for an absurd length. */
  readonly expected: number;
  readonly responses: number;
  readonly nacks: number;
  readonly closedByServer: boolean;
  /** Neither all answers nor a close before the deadline: the server hung on this input. */
  readonly hung: boolean;
}

/** The frames a server with this cap must answer in `input`, in the order it reads them. */
export function expectedAnswers(input: Buffer, maxPduLength: number): number {
  let expected = 0;
  for (const ev of new PduFramer(maxPduLength).push(input)) {
    if (ev.kind === 'bad_length') return expected + 1;
    if ((ev.frame.readUInt32BE(4) & RESPONSE_BIT) === 0) expected += 1;
  }
  return expected;
}

/** Writes `input` on a fresh connection and waits for every answer it is owed, or for the server to close. */
export function fuzzConnection(
  endpoint: ListenerEndpoint,
  input: Buffer,
  deadlineMs = 5000,
): Promise<ConnectionVerdict> {
  const expected = expectedAnswers(input, endpoint.maxPduLength);
  return new Promise((resolve) => {
    const socket = connect(endpoint.port, endpoint.host);
    const framer = new PduFramer(Number.MAX_SAFE_INTEGER);
    let responses = 0;
    let nacks = 0;
    let settled = false;
    const finish = (closedByServer: boolean, hung: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ expected, responses, nacks, closedByServer, hung });
    };
    const timer = setTimeout(() => finish(false, true), deadlineMs);
    socket.on('data', (chunk: Buffer) => {
      for (const ev of framer.push(chunk)) {
        if (ev.kind !== 'frame') continue;
        const d = decodePdu(ev.frame);
        if (!d.ok || !d.pdu.isResponse) continue; // deliver_sm etc. from a bound simulator
        responses += 1;
        if (d.pdu.header.commandId === GENERIC_NACK) nacks += 1;
      }
      if (responses >= expected) finish(false, false);
    });
    socket.on('error', () => {});
    socket.on('close', () => finish(responses < expected, false));
    socket.on('connect', () => {
      socket.write(input);
      if (expected === 0) setTimeout(() => finish(false, false), 20);
    });
  });
}

export interface ListenerFuzzReport {
  readonly connections: number;
  readonly inputs: number;
  readonly answered: number;
  readonly nacks: number;
  readonly closedByServer: number;
  readonly hung: number;
}

/**
 * Opens `connections` connections (`parallel` at a time), each fed a stream of `perConnection` mutated
 * PDUs, and tallies the verdicts.
 */
export async function fuzzListener(
  endpoint: ListenerEndpoint,
  o: { connections: number; perConnection: number; parallel: number; seed: number; golden: Buffer[] },
): Promise<ListenerFuzzReport> {
  const mutator = new PduMutator(o.golden, o.seed);
  const report = { connections: 0, inputs: 0, answered: 0, nacks: 0, closedByServer: 0, hung: 0 };
  for (let done = 0; done < o.connections; done += o.parallel) {
    const batch: Promise<ConnectionVerdict>[] = [];
    for (let i = 0; i < Math.min(o.parallel, o.connections - done); i++) {
      const count = 1 + mutator.int(o.perConnection);
      // Half the streams keep every command_length true, so the server decodes each body, not just the first.
      const framed = mutator.int(2) === 0;
      const inputs = Array.from({ length: count }, () => mutator.next().bytes);
      const stream = Buffer.concat(
        framed ? inputs.filter((b) => b.length >= 16).map(withTrueLength) : inputs,
      );
      report.inputs += count;
      batch.push(fuzzConnection(endpoint, stream));
    }
    for (const v of await Promise.all(batch)) {
      report.connections += 1;
      report.answered += v.responses;
      report.nacks += v.nacks;
      if (v.closedByServer) report.closedByServer += 1;
      if (v.hung) report.hung += 1;
    }
  }
  return report;
}

function withTrueLength(pdu: Buffer): Buffer {
  const b = Buffer.from(pdu);
  b.writeUInt32BE(b.length, 0);
  return b;
}
