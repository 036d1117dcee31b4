import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneCheck = { ok: true; e164: string } | { ok: false; reason: string };

/** Validates a number given in E.164 (`+34600000001`) and returns its canonical form. */
export function checkE164(input: string): PhoneCheck {
  if (!/^\+[1-9]\d{6,14}$/.test(input)) {
    return { ok: false, reason: 'must be E.164: a + followed by 7 to 15 digits, e.g. +34600000001' };
  }
  const parsed = parsePhoneNumberFromString(input);
  if (!parsed?.isValid()) return { ok: false, reason: 'is not a valid phone number for its country' };
  return { ok: true, e164: parsed.number };
}
