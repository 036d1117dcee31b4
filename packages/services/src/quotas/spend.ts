/**
 * Money as whole hundred-thousandths (carriers.price_per_segment is numeric(10,5)), so sums are exact
 * integers in JavaScript; safe up to about 9e10 of the price unit.
 */
export type SpendUnits = number;

const SCALE = 5;

/** '0.04500' -> 4500. Accepts what PostgreSQL prints for numeric columns and plain decimals. */
export function spendUnits(value: string | number): SpendUnits {
  const text = typeof value === 'number' ? value.toFixed(SCALE) : value.trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new Error(`not a non-negative decimal: ${text}`);
  const fraction = (match[2] ?? '').slice(0, SCALE).padEnd(SCALE, '0');
  return Number(match[1]) * 10 ** SCALE + Number(fraction);
}

/** 4500 -> '0.04500', for numeric columns and JSON. */
export function spendText(units: SpendUnits): string {
  const whole = Math.floor(units / 10 ** SCALE);
  const fraction = String(units % 10 ** SCALE).padStart(SCALE, '0');
  return `${whole}.${fraction}`;
}
