const two = (n: number) => String(n).padStart(2, '0');

/** SMPP 3.4 §7.1.1 absolute time "YYMMDDhhmmsstnnp", written in UTC (offset 00, '+'). */
export function smppAbsoluteTime(date: Date): string {
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}000+`;
}
