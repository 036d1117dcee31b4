import type { ResolvedEsmeOptions } from './esme-options.ts';
import { encodePdu } from './pdu-codec.ts';

// SMPP 3.4 §5.2.4 interface_version: we speak 3.4.
const INTERFACE_VERSION_34 = 0x34;

const COMMANDS = { trx: 'bind_transceiver', tx: 'bind_transmitter', rx: 'bind_receiver' } as const;

/** The bind_transceiver / bind_transmitter / bind_receiver PDU (SMPP 3.4 §4.1) for these options. */
export function bindRequest(
  o: Pick<ResolvedEsmeOptions, 'bindMode' | 'systemId' | 'password' | 'systemType'>,
  sequence: number,
): Buffer {
  return encodePdu(COMMANDS[o.bindMode], sequence, {
    system_id: o.systemId,
    password: o.password,
    system_type: o.systemType,
    interface_version: INTERFACE_VERSION_34,
  });
}
