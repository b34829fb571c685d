// InfluxDB line protocol text, escaped as influxdata/line-protocol v2's encoder (the one the Collector's
// influxdb exporter uses) escapes it: measurement: space and comma; tag keys/values and field keys:
// comma, equals sign and space. Two cases that encoder cannot write either are replaced by U+FFFD
// rather than losing the point: control characters (they end the line) and a backslash right before
// an escaped character or at the end (InfluxDB 1.x would read it as escaping what follows).

/** Floats are written as is, integers with the `i` suffix (int64, so nanosecond times fit). */
export type FieldValue = { float: number } | { int: bigint };

const REPLACEMENT = '\ufffd';
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are replaced
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

function escaper(specials: string): (s: string) => string {
  const ambiguousBackslash = new RegExp(`\\\\(?=[${specials}]|$)`, 'g');
  const special = new RegExp(`[${specials}]`, 'g');
  return (s) => s.replace(CONTROL_CHARS, REPLACEMENT).replace(ambiguousBackslash, REPLACEMENT).replace(special, '\\$&');
}

export const escapeMeasurement = escaper(' ,');
/** Tag keys, tag values and field keys. */
export const escapeKey = escaper(',= ');

/** Decimal without exponent, as Go's strconv.FormatFloat(v, 'f', -1, 64): 1e-7 → "0.0000001". */
export function plainNumber(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign, lead, rest = '', exp] = match;
  const digits = lead + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function formatField(value: FieldValue): string | undefined {
  if ('int' in value) return `${value.int}i`;
  // NaN and ±Inf have no line-protocol form: the Collector drops such fields too.
  return Number.isFinite(value.float) ? String(value.float) : undefined;
}

/** Measurement and tags as a line starts: tags sorted by key, empty keys/values left out (as the Collector does). */
export function formatSeries(measurement: string, tags: Record<string, string>): string {
  const tagText = Object.keys(tags)
    .sort()
    .filter((k) => k !== '' && tags[k] !== '')
    .map((k) => `,${escapeKey(k)}=${escapeKey(tags[k])}`)
    .join('');
  return `${escapeMeasurement(measurement)}${tagText}`;
}

/**
 * One line: the series (formatSeries), fields sorted by key, non-finite fields left out. Undefined when
 * no field is left (InfluxDB rejects a line without fields) or the measurement is empty.
 */
export function formatLine(measurement: string, tags: Record<string, string>, fields: Record<string, FieldValue>, timestampNs: bigint): string | undefined {
  return measurement === '' ? undefined : seriesLine(formatSeries(measurement, tags), fields, timestampNs);
}

/** A line of an already formatted series (formatSeries of a non-empty measurement); undefined without fields. */
export function seriesLine(series: string, fields: Record<string, FieldValue>, timestampNs: bigint): string | undefined {
  const fieldText = Object.keys(fields)
    .sort()
    .map((k) => [k, formatField(fields[k])] as const)
    .filter((kv): kv is readonly [string, string] => kv[0] !== '' && kv[1] !== undefined)
    .map(([k, v]) => `${escapeKey(k)}=${v}`)
    .join(',');
  return fieldText === '' ? undefined : `${series} ${fieldText} ${timestampNs}`;
}
