export type SmppTimeResult =
  | { readonly ok: true; readonly date: Date | null }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads schedule_delivery_time / validity_period (SMPP 3.4 §7.1): empty, absolute `YYMMDDhhmmsstnn±`
 * (nn quarter hours from UTC) or relative `YYMMDDhhmmss000R` from `now`.
 */
export function parseSmppTime(value: string, now: Date): SmppTimeResult {
  if (value === '') return { ok: true, date: null };
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d)(\d\d)([-+R])$/.exec(value);
  if (m === null) return { ok: false, reason: `not an SMPP time: "${value}"` };
  const [yy, mo, dd, hh, mi, ss, , nn] = m.slice(1, 9).map(Number);
  const sign = m[9];
  if ([yy, mo, dd, hh, mi, ss, nn].some((n) => n === undefined)) return { ok: false, reason: 'bad time' };
  const f = { yy: yy ?? 0, mo: mo ?? 0, dd: dd ?? 0, hh: hh ?? 0, mi: mi ?? 0, ss: ss ?? 0, nn: nn ?? 0 };
  if (sign === 'R') {
    // Relative: years and months approximated as 365 and 30 days, as SMSCs commonly do.
    const seconds = ((f.yy * 365 + f.mo * 30 + f.dd) * 24 + f.hh) * 3600 + f.mi * 60 + f.ss;
    return { ok: true, date: new Date(now.getTime() + seconds * 1000) };
  }
  if (f.mo < 1 || f.mo > 12 || f.dd < 1 || f.dd > 31 || f.hh > 23 || f.mi > 59 || f.ss > 59 || f.nn > 48) {
    return { ok: false, reason: `not an SMPP time: "${value}"` };
  }
  const local = Date.UTC(2000 + f.yy, f.mo - 1, f.dd, f.hh, f.mi, f.ss);
  const offsetMs = f.nn * 15 * 60_000 * (sign === '-' ? -1 : 1);
  return { ok: true, date: new Date(local - offsetMs) };
}
