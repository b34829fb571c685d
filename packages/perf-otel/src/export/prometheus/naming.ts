// Prometheus names exactly as the OpenTelemetry Collector's default translation makes them
// (prometheus exporter, add_metric_suffixes on): `.`→`_`, a unit suffix, `_ratio` for unit-1 gauges
// and `_total` for monotonic counters. Our pull endpoint must match the Collector so that one set
// of dashboards and rules fits both paths.

const UNIT_WORDS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};
const PER_UNIT_WORDS: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

export type PromKind = 'counter' | 'gauge' | 'histogram';

function tokens(s: string): string[] {
  return s.split(/[^A-Za-z0-9]+/).filter((t) => t !== '');
}

function unitTokens(unit: string): string[] {
  // Annotations in braces ({request}) carry no unit.
  const clean = unit.replace(/\{[^}]*\}/g, '').trim();
  // `1` is dimensionless: gauges get `_ratio` instead (below).
  if (clean === '' || clean === '1') return [];
  const [main, per] = clean.split('/', 2);
  const out: string[] = [];
  if (main && main !== '1') out.push(...tokens(UNIT_WORDS[main] ?? main));
  if (per) out.push('per', ...tokens(PER_UNIT_WORDS[per] ?? per));
  return out;
}

export function metricName(name: string, unit: string, kind: PromKind): string {
  let parts = tokens(name);
  if (kind === 'counter') parts = parts.filter((t) => t !== 'total');
  for (const u of unitTokens(unit)) {
    if (!parts.includes(u)) parts.push(u);
  }
  if (kind === 'gauge' && unit === '1' && !parts.includes('ratio')) parts.push('ratio');
  if (kind === 'counter') parts.push('total');
  let out = parts.join('_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/**
 * A Prometheus label name for an attribute key, as the Collector's translator makes it: every
 * invalid character becomes `_`, and a leading digit or `_` gets a `key` prefix (`9lives` →
 * `key_9lives`, `_private` → `key_private`). We prefix `__…` too (`__name__` → `key__name__`):
 * Prometheus reserves those names, and the Collector drops the whole metric instead.
 */
export function labelName(key: string): string {
  let out = key.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(out)) out = `key_${out}`;
  else if (out.startsWith('_')) out = `key${out}`;
  return out;
}
