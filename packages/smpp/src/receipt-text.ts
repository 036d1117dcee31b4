/** Fields of the informal receipt text of SMPP 3.4 Appendix B, each as written (or absent). */
export interface ReceiptTextFields {
  readonly id?: string;
  readonly sub?: string;
  readonly dlvrd?: string;
  readonly submitDate?: string;
  readonly doneDate?: string;
  readonly stat?: string;
  readonly err?: string;
  readonly text?: string;
}

// Keys in any case, "submit date" / "submit_date" / "submitdate", spaces around the colon. `text:` runs to
// the end, since user text may itself contain "stat:".
const KEY = /(?:^|[\s,;])(id|sub|dlvrd|submit[\s_]*date|done[\s_]*date|stat|err|text)\s*:/gi;

type Key = keyof ReceiptTextFields;

function keyOf(raw: string): Key {
  const k = raw.toLowerCase().replace(/[\s_]/g, '');
  if (k === 'submitdate') return 'submitDate';
  if (k === 'donedate') return 'doneDate';
  return k as Key;
}

/** Lenient parse of `id:... sub:... dlvrd:... submit date:... done date:... stat:... err:... text:...`. */
export function parseReceiptText(text: string): ReceiptTextFields {
  const found: { key: Key; start: number; end: number }[] = [];
  for (const m of text.matchAll(KEY)) {
    const name = m[1];
    if (name === undefined) continue;
    const key = keyOf(name);
    if (found.some((f) => f.key === key)) continue;
    found.push({ key, start: m.index, end: m.index + m[0].length });
    if (key === 'text') break;
  }
  const out: Partial<Record<Key, string>> = {};
  found.forEach((f, i) => {
    const next = found[i + 1];
    const value = text.slice(f.end, next === undefined ? text.length : next.start);
    out[f.key] = f.key === 'text' ? value : value.trim();
  });
  return out;
}

/** `YYMMDDhhmm[ss]` as UTC (the SMSC's zone is not on the wire); undefined when malformed. */
export function parseReceiptDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?/.exec(value.trim());
  if (m === null) return undefined;
  const [yy, mo, dd, hh, mi, ss] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  if (mo === undefined || dd === undefined || hh === undefined || mi === undefined || yy === undefined) {
    return undefined;
  }
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || (ss ?? 0) > 59) return undefined;
  return new Date(Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss ?? 0));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYMMDDhhmm` in UTC, as most SMSCs write receipt dates. */
export function formatReceiptDate(d: Date): string {
  return `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
}

/** The standard receipt text (SMPP 3.4 Appendix B), e.g. for a simulator. */
export function formatReceiptText(f: {
  id: string;
  submitDate: Date;
  doneDate: Date;
  stat: string;
  err: string;
  delivered: boolean;
  text: string;
}): string {
  return `id:${f.id} sub:001 dlvrd:${f.delivered ? '001' : '000'} submit date:${formatReceiptDate(f.submitDate)} done date:${formatReceiptDate(f.doneDate)} stat:${f.stat} err:${f.err} text:${f.text.slice(0, 20)}`;
}
