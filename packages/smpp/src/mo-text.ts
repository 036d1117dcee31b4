import { decodeGsm7, decodeShortMessage, receivedAlphabet, shiftTableById } from '@pregon/sms';
import type { MoPart } from './mo-part.ts';

/**
 * Text of parts 1..total in order; a missing part becomes `marker`. GSM 7-bit runs are joined as septets
 * (an ESC cut from its character by a foreign splitter still decodes), others per part and joined as
 * UTF-16 code units, so a surrogate pair split across parts (Kannel does it) comes back whole.
 */
export function joinPartsText(parts: ReadonlyMap<number, MoPart>, total: number, marker: string): string {
  let text = '';
  let run: MoPart[] = [];
  const flush = () => {
    text += runText(run);
    run = [];
  };
  for (let seq = 1; seq <= total; seq++) {
    const part = parts.get(seq);
    if (part === undefined) {
      flush();
      text += marker;
      continue;
    }
    const prev = run.at(-1);
    if (prev !== undefined && !sameGsmRun(prev, part)) flush();
    run.push(part);
  }
  flush();
  return text;
}

function isGsm7(p: MoPart): boolean {
  return receivedAlphabet(p.dataCoding) === 'gsm7';
}

function sameGsmRun(a: MoPart, b: MoPart): boolean {
  return isGsm7(a) && isGsm7(b) && a.singleShift === b.singleShift && a.lockingShift === b.lockingShift;
}

function runText(run: readonly MoPart[]): string {
  const first = run[0];
  if (first === undefined) return '';
  if (isGsm7(first)) {
    const septets = new Uint8Array(run.reduce((n, p) => n + p.payload.length, 0));
    let at = 0;
    for (const p of run) {
      septets.set(p.payload, at);
      at += p.payload.length;
    }
    return decodeGsm7(septets, {
      singleShift: shiftTableById(first.singleShift),
      lockingShift: shiftTableById(first.lockingShift),
    });
  }
  return run.map((p) => decodeShortMessage(p.dataCoding, p.payload).text).join('');
}
