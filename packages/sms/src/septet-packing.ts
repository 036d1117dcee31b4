// 7-bit packing for carriers that want GSM text packed rather than one septet per octet.

// <CR> fills 7 spare bits so a receiver does not read them as '@'. 3GPP TS 23.038 §6.1.2.3.1
const CR = 0x0d;

/** Fill bits that align the first septet after a UDH of `udhOctets` (3GPP TS 23.040 §9.2.3.24). */
export function fillBitsAfterUdh(udhOctets: number): number {
  return (7 - ((udhOctets * 8) % 7)) % 7;
}

/** Packs septets LSB first (3GPP TS 23.038 §6.1.2.1.1). `packSeptets(Uint8Array.of(0x68, 0x69)) // e8 34` */
export function packSeptets(septets: Uint8Array, fillBits = 0): Uint8Array {
  const totalBits = fillBits + septets.length * 7;
  const out = new Uint8Array(Math.ceil(totalBits / 8));
  let bit = fillBits;
  for (const septet of septets) {
    writeSeptet(out, bit, septet & 0x7f);
    bit += 7;
  }
  if (septets.length > 0 && totalBits % 8 === 1) writeSeptet(out, totalBits, CR);
  return out;
}

function writeSeptet(out: Uint8Array, bit: number, value: number): void {
  const index = bit >> 3;
  const offset = bit & 7;
  out[index] = ((out[index] ?? 0) | (value << offset)) & 0xff;
  if (offset > 1 && index + 1 < out.length) out[index + 1] = (out[index + 1] ?? 0) | (value >> (8 - offset));
}

/**
 * Unpacks octets into septets after `fillBits`. Without `septetCount`, takes every whole septet and
 * drops a final <CR> that only pads 7 spare bits (§6.1.2.3.1). Never throws.
 */
export function unpackSeptets(octets: Uint8Array, fillBits = 0, septetCount?: number): Uint8Array {
  const bits = octets.length * 8 - fillBits;
  const available = bits > 0 ? Math.floor(bits / 7) : 0;
  let count = Math.max(0, Math.min(septetCount ?? available, available));
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const bit = fillBits + i * 7;
    const index = bit >> 3;
    const offset = bit & 7;
    const low = (octets[index] ?? 0) >> offset;
    const high = offset > 1 ? (octets[index + 1] ?? 0) << (8 - offset) : 0;
    out[i] = (low | high) & 0x7f;
  }
  if (septetCount === undefined && count > 0 && bits % 7 === 0 && out[count - 1] === CR) count--;
  return out.subarray(0, count);
}
