import type { AddressInfo } from 'node:net';
import {
  CMD_BIND_RECEIVER,
  CMD_BIND_TRANSCEIVER,
  CMD_BIND_TRANSMITTER,
  CMD_ENQUIRE_LINK,
  CMD_SUBMIT_SM,
  CMD_UNBIND,
  type DecodedPdu,
  ESME_RINVBNDSTS,
  ESME_RINVCMDID,
  ESME_RINVDSTADR,
  ESME_RINVPASWD,
  ESME_RINVSYSID,
  ESME_RTHROTTLED,
  encodePdu,
  isThrottle,
  type MessageBody,
  type MessageFields,
} from '@pregon/smpp';
import smpp from 'smpp';
import { formatMessageId, MessageIdSource } from './message-id-source.ts';
import { encodeMoText } from './mo-encoding.ts';
import { receiptFields } from './receipt-pdu.ts';
import { SimulatorEventHub } from './simulator-events.ts';
import type { Simulator, SimulatorEvents, SimulatorOptions, SubmittedMessage } from './simulator-types.ts';
import { type BindMode, SmscConnection } from './smsc-connection.ts';
import { SubmitHistory } from './submit-history.ts';

const BIND_MODES: Readonly<Record<number, BindMode>> = {
  [CMD_BIND_TRANSCEIVER]: 'trx',
  [CMD_BIND_TRANSMITTER]: 'tx',
  [CMD_BIND_RECEIVER]: 'rx',
};
const DELIVER_TIMEOUT_MS = 10_000;

/** Splits short_message at the UDH when esm_class has UDHI (SMPP 3.4 §5.2.12, 0x40). */
function splitUdh(m: MessageBody): { udh: Uint8Array | null; bytes: Uint8Array } {
  const udhLength = m.shortMessage[0];
  if ((m.esmClass & 0x40) === 0 || udhLength === undefined || udhLength + 1 > m.shortMessage.length) {
    return { udh: null, bytes: m.shortMessage };
  }
  return { udh: m.shortMessage.subarray(0, udhLength + 1), bytes: m.shortMessage.subarray(udhLength + 1) };
}

/**
 * Starts a development SMSC: answers binds, submit_sm (with receipts), enquire_link and unbind, and can
 * inject MO. Built on the `smpp` package's server; reading and codec go through @pregon/smpp's PduLink.
 * @example const sim = await startSimulator({ receiptDelayMs: 50 }); ... await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const receiptDelayMs = options.receiptDelayMs ?? 500;
  const responseDelayMs = options.responseDelayMs ?? 0;
  const idFormat = options.idFormat ?? 'hex';
  const receiptIdFormat = options.receiptIdFormat ?? idFormat;
  const maxAttempts = options.receiptAttempts ?? 3;
  const deliverWindow = options.deliverWindow ?? 100;
  const throttleRetryMs = options.throttleRetryMs ?? 1000;
  for (const [name, value, min] of [
    ['deliverWindow', deliverWindow, 1],
    ['throttleRetryMs', throttleRetryMs, 0],
  ] as const) {
    if (!Number.isInteger(value) || value < min)
      throw new RangeError(`simulator ${name} must be an integer >= ${min}, got ${value}`);
  }
  const history = new SubmitHistory<SubmittedMessage>(options.historyLimit ?? 10_000);
  const ids = new MessageIdSource();
  const events = new SimulatorEventHub();
  const connections = new Set<SmscConnection>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  /** The session the next `sessions: 'one'` MO goes to (round robin). */
  let moTurn = 0;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closing) fn();
    }, ms);
    timers.add(t);
  };
  // A waiting injectMo must not hang once the simulator closes: close() wakes every pause.
  const wakers = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(t);
        wakers.delete(wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
      wakers.add(wake);
    });

  /** Sends through `conn`'s window; a throttled answer holds the bind back and sends it again. */
  const deliverUntilTaken = async (conn: SmscConnection, fields: MessageFields): Promise<number> => {
    for (;;) {
      const r = await conn.deliver(fields, DELIVER_TIMEOUT_MS);
      const status = r.kind === 'response' ? r.pdu.header.status : -1;
      if (!isThrottle(status) || closing || !conn.canReceive) return status;
      conn.holdDeliveries(throttleRetryMs);
      await pause(throttleRetryMs);
      if (closing || !conn.canReceive) return status;
    }
  };

  const receiverFor = (origin: SmscConnection): SmscConnection | undefined =>
    origin.canReceive ? origin : [...connections].find((c) => c.canReceive && c.systemId === origin.systemId);

  const sendReceipt = (
    origin: SmscConnection,
    submit: SubmittedMessage,
    id: bigint,
    delivered: boolean,
    attempt: number,
    failures = 0,
  ) => {
    const target = receiverFor(origin);
    if (target === undefined) return;
    const fields = receiptFields({
      submit,
      delivered,
      tlvId: formatMessageId(id, idFormat),
      textId: formatMessageId(id, receiptIdFormat),
      withTlvs: (options.receiptMode ?? 'tlv+text') === 'tlv+text',
      doneAt: new Date(),
    });
    void target.deliver(fields, DELIVER_TIMEOUT_MS).then((r) => {
      const status = r.kind === 'response' ? r.pdu.header.status : 'no_response';
      events.emit('receipt', { messageId: submit.messageId, attempt, status });
      if (status === 0) return;
      // SMPP 3.4 §5.1.3: a throttled ESME is backed off and the receipt kept; it never costs an attempt.
      if (typeof status === 'number' && isThrottle(status)) {
        target.holdDeliveries(throttleRetryMs);
        later(throttleRetryMs, () => sendReceipt(origin, submit, id, delivered, attempt + 1, failures));
      } else if (failures + 1 < maxAttempts) {
        // Like an SMSC, retry a receipt the ESME did not accept (e.g. ESME_RX_T_APPN).
        later(receiptDelayMs, () => sendReceipt(origin, submit, id, delivered, attempt + 1, failures + 1));
      }
    });
  };

  const onSubmit = (conn: SmscConnection, pdu: DecodedPdu, m: MessageBody) => {
    const seq = pdu.header.sequence;
    if (!conn.canTransmit) {
      conn.link.send(encodePdu('submit_sm_resp', seq, {}, ESME_RINVBNDSTS));
      return;
    }
    const { udh, bytes } = splitUdh(m);
    const draft: SubmittedMessage = {
      systemId: conn.systemId ?? '',
      source: m.sourceAddr,
      sourceTon: m.sourceTon,
      sourceNpi: m.sourceNpi,
      destination: m.destAddr,
      destTon: m.destTon,
      destNpi: m.destNpi,
      dataCoding: m.dataCoding,
      esmClass: m.esmClass,
      registeredDelivery: m.registeredDelivery,
      shortMessage: m.shortMessage,
      bytes,
      udh,
      tlvs: m.tlvs,
      receivedAt: new Date(),
      messageId: '',
      outcome: 'deliver',
    };
    const outcome = options.outcome?.(draft) ?? 'deliver';
    const id = ids.next();
    const accepted = outcome === 'deliver' || outcome === 'undeliverable';
    const submit: SubmittedMessage = {
      ...draft,
      outcome,
      messageId: accepted ? formatMessageId(id, idFormat) : '',
    };
    history.push(submit);
    events.emit('submit', submit);
    const respond = (pdu: Buffer) =>
      responseDelayMs > 0 ? later(responseDelayMs, () => conn.link.send(pdu)) : conn.link.send(pdu);
    if (outcome === 'reject') respond(encodePdu('submit_sm_resp', seq, {}, ESME_RINVDSTADR));
    if (outcome === 'throttle') respond(encodePdu('submit_sm_resp', seq, {}, ESME_RTHROTTLED));
    if (!accepted) return;
    respond(encodePdu('submit_sm_resp', seq, { message_id: submit.messageId }));
    // SMPP 3.4 §5.2.17 registered_delivery bits 1-0: 01 receipt on success or failure, 10 on failure only.
    const wanted = m.registeredDelivery & 0x03;
    const delivered = outcome === 'deliver';
    if (wanted === 1 || (wanted === 2 && !delivered)) {
      later(receiptDelayMs, () => sendReceipt(conn, submit, id, delivered, 1));
    }
  };

  const onBind = (conn: SmscConnection, pdu: DecodedPdu, mode: BindMode) => {
    const respName =
      mode === 'trx'
        ? 'bind_transceiver_resp'
        : mode === 'tx'
          ? 'bind_transmitter_resp'
          : 'bind_receiver_resp';
    const systemId = pdu.systemId ?? '';
    let status = 0;
    if (conn.mode !== null)
      status = 0x05; // ESME_RALYBND
    else if (options.systemId !== undefined && systemId !== options.systemId) status = ESME_RINVSYSID;
    else if (options.password !== undefined && pdu.password !== options.password) status = ESME_RINVPASWD;
    events.emit('bind', { systemId, mode, status });
    if (status !== 0) {
      conn.link.send(encodePdu(respName, pdu.header.sequence, {}, status));
      if (conn.mode === null) conn.link.close(200);
      return;
    }
    conn.mode = mode;
    conn.systemId = systemId;
    conn.link.send(encodePdu(respName, pdu.header.sequence, { system_id: 'PREGONSIM' }));
  };

  const onPdu = (conn: SmscConnection, pdu: DecodedPdu) => {
    const { commandId, sequence } = pdu.header;
    if (pdu.isResponse) return; // stray response: nothing waits for it
    const bindMode = BIND_MODES[commandId];
    if (bindMode !== undefined) onBind(conn, pdu, bindMode);
    else if (commandId === CMD_SUBMIT_SM && pdu.message !== undefined) onSubmit(conn, pdu, pdu.message);
    else if (commandId === CMD_ENQUIRE_LINK) {
      events.emit('enquire_link', { systemId: conn.systemId });
      conn.link.send(encodePdu('enquire_link_resp', sequence));
    } else if (commandId === CMD_UNBIND) {
      events.emit('unbind', { systemId: conn.systemId });
      conn.link.send(encodePdu('unbind_resp', sequence));
      conn.mode = null;
      conn.link.close(500);
    } else conn.link.send(encodePdu('generic_nack', sequence, {}, ESME_RINVCMDID));
  };

  const server = smpp.createServer({}, (session) => {
    // The package's Session reader decodes short_message lossily and stalls after a bad PDU: take over reading.
    session.socket.removeAllListeners('readable');
    session.on('error', () => {});
    const conn = new SmscConnection(
      session.socket,
      {
        onPdu,
        onMalformed: (c, header) => c.link.send(encodePdu('generic_nack', header.sequence, {}, 0x02)),
        onClose: (c) => {
          connections.delete(c);
          events.emit('disconnect', { systemId: c.systemId });
        },
      },
      deliverWindow,
    );
    connections.add(conn);
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    host,
    get submits() {
      return history.toArray();
    },
    get sessions() {
      return [...connections].filter((c) => c.mode !== null && c.link.open).length;
    },
    on<K extends keyof SimulatorEvents>(event: K, handler: SimulatorEvents[K]) {
      return events.on(event, handler);
    },
    async injectMo(mo) {
      const receivers = [...connections].filter((c) => c.canReceive);
      if (receivers.length === 0) throw new Error('no bound receiver or transceiver session');
      if (mo.sessions === 'one') moTurn = (moTurn + 1) % receivers.length;
      const targets = mo.sessions === 'one' ? receivers.slice(moTurn, moTurn + 1) : receivers;
      const encoded =
        mo.bytes !== undefined
          ? { dataCoding: mo.dataCoding ?? 0, bytes: mo.bytes }
          : encodeMoText(mo.text ?? '');
      const fields = {
        sourceAddr: mo.from,
        sourceTon: mo.from.length > 8 ? 1 : 0,
        sourceNpi: 1,
        destAddr: mo.to,
        destTon: 0,
        destNpi: 1,
        esmClass: mo.esmClass ?? 0,
        registeredDelivery: 0,
        dataCoding: encoded.dataCoding,
        shortMessage: encoded.bytes,
        tlvs: mo.tlvs ?? [],
      };
      return Promise.all(targets.map((c) => deliverUntilTaken(c, fields)));
    },
    killConnections() {
      for (const c of connections) c.link.destroy();
    },
    async close() {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const wake of [...wakers]) wake();
      for (const c of connections) c.link.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
