// SMPP 3.4 §5.2.5 type_of_number: 1 international.
const TON_INTERNATIONAL = 1;
const TON_UNKNOWN = 0;

export type AddressResult = { readonly ok: true; readonly value: string } | { readonly ok: false };

/**
 * The E.164 destination of a submit_sm: TON 1 digits (a stray leading '+' tolerated) become '+digits';
 * TON 0 is accepted only when the address itself is written '+digits'. Anything else is refused.
 */
export function destinationE164(ton: number, addr: string): AddressResult {
  const trimmed = addr.trim();
  if (ton === TON_INTERNATIONAL) {
    const digits = trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
    return /^\d{1,15}$/.test(digits) ? { ok: true, value: `+${digits}` } : { ok: false };
  }
  if (ton === TON_UNKNOWN && /^\+\d{1,15}$/.test(trimmed)) return { ok: true, value: trimmed };
  return { ok: false };
}

/**
 * The sender a submit_sm asks for, as the agency's senders are written: undefined (the default sender)
 * when empty, '+digits' for an international number, otherwise the address as sent.
 */
export function requestedSender(ton: number, addr: string): string | undefined {
  const trimmed = addr.trim();
  if (trimmed === '') return undefined;
  if (ton === TON_INTERNATIONAL && /^\d+$/.test(trimmed)) return `+${trimmed}`;
  return trimmed;
}
