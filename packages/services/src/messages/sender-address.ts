/** SMPP source address with its TON/NPI (SMPP 3.4 §5.2.5-6). */
export interface SourceAddress {
  addr: string;
  ton: number;
  npi: number;
}

/** Alphanumeric senders go as TON 5/NPI 0, E.164 numbers as international 1/1, short codes as 3/0 (network specific). */
export function senderAddress(value: string): SourceAddress {
  if (/^\+\d+$/.test(value)) return { addr: value.slice(1), ton: 1, npi: 1 };
  if (/^\d{3,8}$/.test(value)) return { addr: value, ton: 3, npi: 0 };
  return { addr: value.slice(0, 11), ton: 5, npi: 0 };
}
