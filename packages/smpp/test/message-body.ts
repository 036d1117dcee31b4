import type { MessageBody } from '../src/message-pdu.ts';

/** A deliver_sm body for tests; override what the test is about. */
export function messageBody(overrides: Partial<MessageBody> = {}): MessageBody {
  return {
    serviceType: '',
    sourceTon: 1,
    sourceNpi: 1,
    sourceAddr: '34600000001',
    destTon: 1,
    destNpi: 1,
    destAddr: '34600000100',
    esmClass: 0x04,
    protocolId: 0,
    priority: 0,
    scheduleDeliveryTime: '',
    validityPeriod: '',
    registeredDelivery: 0,
    replaceIfPresent: 0,
    dataCoding: 0,
    smDefaultMsgId: 0,
    shortMessage: new Uint8Array(),
    tlvs: [],
    ...overrides,
  };
}

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'latin1'));
}
