// Definition-time checks. A bad name, unit or option is the developer's mistake, so it throws a
// TypeError with a one-line message naming the value, the rule and the fix; recording never throws.

const PREFIX = 'perf-otel-api:';

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;
const NAME_RULE =
  'an OpenTelemetry instrument name matches ^[A-Za-z][A-Za-z0-9_.\\-/]{0,254}$ ' +
  '(a letter, then up to 254 letters, digits, "_", ".", "-" or "/"), e.g. "orders.placed"';

// UCUM, as far as metrics use it: prefixed atoms with an optional exponent, `1`, `%`, `[special]`
// units and `{annotation}`s, joined by `.` or `/`. Unknown words are refused on purpose: "seconds"
// or "bytes" would pass a looser rule and then export a unit no backend understands.
const ANNOTATION = String.raw`\{[!-z|~]+\}`;
const PREFIXES = '(?:da|Ki|Mi|Gi|Ti|Pi|Ei|[YZEPTGMkhdcmunpfazy])?';
const ATOMS = String.raw`(?:min|wk|mo|By|bit|Bd|Hz|Ohm|Cel|bar|cal|eV|rad|sr|deg|mol|Pa|[sdhagmlLWJVACKN]|\[[A-Za-z0-9_.]+\])`;
const TERM = `(?:${PREFIXES}${ATOMS}(?:[+-]?[0-9]+)?(?:${ANNOTATION})?|[0-9]+(?:${ANNOTATION})?|%|${ANNOTATION})`;
const UNIT_PATTERN = new RegExp(`^${TERM}(?:[./]${TERM})*$`);
const UNIT_RULE = 'a UCUM unit such as "s", "ms", "By", "KiBy", "1", "%", "By/s", or a {annotation} such as "{request}", at most 63 ASCII characters';

/** Words people write for a unit, and the UCUM unit they mean. */
const UNIT_FIXES: Readonly<Record<string, string>> = {
  second: 's',
  seconds: 's',
  sec: 's',
  secs: 's',
  millisecond: 'ms',
  milliseconds: 'ms',
  millis: 'ms',
  msec: 'ms',
  microsecond: 'us',
  microseconds: 'us',
  nanosecond: 'ns',
  nanoseconds: 'ns',
  minute: 'min',
  minutes: 'min',
  hour: 'h',
  hours: 'h',
  day: 'd',
  days: 'd',
  b: 'By',
  byte: 'By',
  bytes: 'By',
  kb: 'kBy',
  kib: 'KiBy',
  mb: 'MBy',
  mib: 'MiBy',
  gb: 'GBy',
  gib: 'GiBy',
  percent: '%',
  ratio: '1',
  count: '{count}',
};

/** `word` with its indefinite article: "an observable gauge", "a counter". */
export function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || value === undefined || value === null) return String(value);
  return `${String(value)} (${withArticle(typeof value)})`;
}

/** Throws unless `name` is a valid OpenTelemetry instrument name. */
export function validateMetricName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new TypeError(`${PREFIX} metric name ${show(name)} is invalid: ${NAME_RULE}`);
  }
}

/** Returns `unit` (default none) or throws naming the UCUM unit meant where one is known. */
export function validateUnit(unit: unknown, metric: string): string {
  if (unit === undefined || unit === '') return '';
  if (typeof unit === 'string' && unit.length <= 63 && UNIT_PATTERN.test(unit)) return unit;
  const known = typeof unit === 'string' ? UNIT_FIXES[unit.toLowerCase()] : undefined;
  const fix = known !== undefined ? `use "${known}"` : `use ${UNIT_RULE}`;
  throw new TypeError(`${PREFIX} unit ${show(unit)} of metric "${metric}" is not a UCUM unit: ${fix}`);
}

/** Returns a frozen copy of `buckets`, or throws unless they are finite and strictly increasing. */
export function validateBuckets(buckets: readonly unknown[] | undefined, metric: string): readonly number[] | undefined {
  if (buckets === undefined) return undefined;
  const ok = Array.isArray(buckets) && buckets.every((b, i) => typeof b === 'number' && Number.isFinite(b) && (i === 0 || b > (buckets[i - 1] as number)));
  if (!ok) {
    throw new TypeError(
      `${PREFIX} buckets ${JSON.stringify(buckets)} of metric "${metric}" are invalid: give finite numbers in strictly increasing order, e.g. [0.01, 0.1, 1, 10]`,
    );
  }
  return Object.freeze([...(buckets as number[])]);
}

/** Throws unless `value` is a non-empty string (queue, check and window names). */
export function validateLabel(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${PREFIX} ${what} ${show(value)} is invalid: give a non-empty string`);
  }
}

/** Throws unless `value` is a finite number ≥ `min`; returns it. */
export function validateNumber(value: unknown, what: string, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TypeError(`${PREFIX} ${what} ${show(value)} is invalid: give a finite number ≥ ${min}`);
  }
  return value;
}
