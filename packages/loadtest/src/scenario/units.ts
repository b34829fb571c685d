// Parsers for the unit-bearing values scenarios use. Each returns undefined for text it does not
// understand, so the caller can name the line and show an example of the right form.

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

function amountWithUnit(text: string, units: Record<string, number>, defaultUnit: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return undefined;
  const factor = units[(match[2] || defaultUnit).toLowerCase()];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

/** `3s`, `500ms`, `2m` → seconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const seconds = amountWithUnit(value, DURATION_UNITS, '');
  return seconds !== undefined && seconds > 0 ? seconds : undefined;
}

/** `500ms`, `1.5s`, or a bare number of milliseconds → milliseconds. */
export function parseLatency(text: string): number | undefined {
  const seconds = amountWithUnit(text, DURATION_UNITS, 'ms');
  return seconds === undefined ? undefined : seconds * 1000;
}

/** `1kb`, `64kb`, `512`, `2mb` → bytes (binary units). */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const bytes = amountWithUnit(value, SIZE_UNITS, 'b');
  return bytes === undefined ? undefined : Math.round(bytes);
}

/** `1%` → 0.01, `0.5` → 0.5 (a bare number is a fraction). */
export function parseFraction(value: unknown): number | undefined {
  if (typeof value === 'number') return value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) / (match[2] ? 100 : 1);
}
