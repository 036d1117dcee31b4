/** Cursor over a PDU body that reports running off the end as `null`, never by throwing. */
export class OctetReader {
  readonly bytes: Uint8Array;
  offset: number;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.offset = offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number | null {
    const v = this.bytes[this.offset];
    if (v === undefined) return null;
    this.offset += 1;
    return v;
  }

  u16(): number | null {
    const hi = this.bytes[this.offset];
    const lo = this.bytes[this.offset + 1];
    if (hi === undefined || lo === undefined) return null;
    this.offset += 2;
    return (hi << 8) | lo;
  }

  /** C-Octet String (SMPP 3.4 §3.1): up to the NUL, which must be inside the PDU. */
  cstring(): string | null {
    const nul = this.bytes.indexOf(0, this.offset);
    if (nul === -1) return null;
    const s = Buffer.from(this.bytes.subarray(this.offset, nul)).toString('latin1');
    this.offset = nul + 1;
    return s;
  }

  take(n: number): Uint8Array | null {
    if (n > this.remaining) return null;
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}
