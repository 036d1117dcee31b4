/**
 * How a carrier writes message ids (DESIGN: SMPP facts 7).
 * - 'hex': submit_sm_resp (and the receipted_message_id TLV, SMPP 3.4 §5.3.2.12) are hex; the receipt
 *   text id is decimal (Kannel msg-id-type 0x01).
 * - 'dec': decimal everywhere. - 'auto': compare as text, ignoring case and leading zeros.
 */
export type IdNotation = 'hex' | 'dec' | 'auto';

/** Where an id was read: the submit_sm_resp, the receipt's receipted_message_id TLV, or the receipt text. */
export type IdSource = 'submit_sm_resp' | 'receipt_tlv' | 'receipt_text';

const DIGITS = /^[0-9]+$/;

// Leading zeros, and any spaces among them ('0 7' would otherwise become ' 7', and then '7' when
// normalized again: a canonical form must not change when applied twice).
function stripZeros(s: string): string {
  const t = s.replace(/^[0\s]+/, '');
  return t === '' && s !== '' ? '0' : t;
}

/**
 * Canonical id: trimmed, NULs dropped, lowercase, no leading zeros; with 'hex' notation a decimal receipt-text
 * id becomes its hex value, so the same message matches from both sides.
 * @example normalizeMessageId('00FF', 'hex') === normalizeMessageId('255', 'hex', 'receipt_text') // 'ff'
 */
export function normalizeMessageId(
  id: string,
  notation: IdNotation,
  source: IdSource = 'submit_sm_resp',
): string {
  // receipted_message_id is a C-Octet String: its NUL may still be attached.
  const text = id.replaceAll('\0', '').trim().toLowerCase();
  if (text === '') return '';
  if (notation === 'hex' && source === 'receipt_text' && DIGITS.test(text)) {
    return BigInt(text).toString(16);
  }
  // 'dec' and 'auto' ids, and hex ids, differ only by case and leading zeros.
  return stripZeros(text);
}
