// Typed environment readers with one set of rules for every variable we read (PERF_OTEL_* and the
// standard OTEL_* alike): surrounding blanks are ignored, empty means unset, and a bad value yields
// a warning naming the variable, the value and the fallback instead of an exception.

export type Warn = (message: string) => void;
export type Env = Readonly<Record<string, string | undefined>>;

export function readRaw(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

// The OpenTelemetry rule for booleans: `true` or `false`, case-insensitive; anything else (1, yes…)
// warns and keeps the default, so OTEL_SDK_DISABLED=1 means here what it means in the NodeSDK.
const TRUE = new Set(['true']);
const FALSE = new Set(['false']);

export function readBoolean(env: Env, name: string, fallback: boolean, warn: Warn): boolean {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  const v = raw.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  warn(`${name}=${quote(raw)} is not a boolean; using ${fallback}. Set it to true or false.`);
  return fallback;
}

export function readNumber(env: Env, name: string, fallback: number, warn: Warn, bounds: { min?: number; max?: number; integer?: boolean } = {}): number {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  const { min = -Infinity, max = Infinity, integer = true } = bounds;
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    const range = `${integer ? 'a whole number' : 'a number'}${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` <= ${max}` : ''}`;
    warn(`${name}=${quote(raw)} is not ${range}; using ${fallback}. Set it to ${range}.`);
    return fallback;
  }
  return v;
}

export function readList(env: Env, name: string, fallback: readonly string[]): string[] {
  const raw = readRaw(env, name);
  if (raw === undefined) return [...fallback];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const MAX_BOUNDARIES = 50;

/**
 * Histogram boundaries: positive numbers, strictly increasing, at most 50; `required` ones are
 * merged in. A bad list falls back to `fallback` as a whole, with one warning.
 */
export function readBoundaries(env: Env, name: string, fallback: readonly number[], required: readonly number[], warn: Warn): number[] {
  const raw = readRaw(env, name);
  if (raw === undefined) return [...fallback];
  const values = raw.split(',').map((s) => Number(s.trim()));
  const increasing = values.every((v, i) => Number.isFinite(v) && v > 0 && (i === 0 || v > values[i - 1]));
  if (!increasing || values.length > MAX_BOUNDARIES) {
    warn(
      `${name}=${quote(raw)} is not a list of up to ${MAX_BOUNDARIES} increasing positive numbers; using ${fallback.join(',')}. Set it like 0.05,0.1,0.25,0.5,1.`,
    );
    return [...fallback];
  }
  return [...new Set([...values, ...required])].sort((a, b) => a - b);
}

/** A list whose items must come from `choices`; unknown items are dropped with a warning. */
export function readChoiceList<T extends string>(env: Env, name: string, fallback: readonly T[], choices: readonly T[], warn: Warn): T[] {
  const items = readList(env, name, fallback).map((s) => s.toLowerCase());
  const known = items.filter((s): s is T => (choices as readonly string[]).includes(s));
  const unknown = items.filter((s) => !(choices as readonly string[]).includes(s));
  if (unknown.length > 0) {
    const kept = known.length > 0 ? known : [...fallback];
    warn(`${name} has unknown value(s) ${unknown.map(quote).join(', ')}; using ${quote(kept.join(','))}. Valid values: ${choices.join(', ')}.`);
    return kept;
  }
  return known;
}

export function readChoice<T extends string>(env: Env, name: string, fallback: T, choices: readonly T[], warn: Warn): T {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  const v = raw.toLowerCase();
  if ((choices as readonly string[]).includes(v)) return v as T;
  warn(`${name}=${quote(raw)} is not one of ${choices.join(', ')}; using ${fallback}.`);
  return fallback;
}

/** `key=value,key2=value2` (W3C-baggage-like, as OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS use). */
export function readKeyValueList(env: Env, name: string, warn: Warn): Record<string, string> {
  const raw = readRaw(env, name);
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    if (key === '') {
      warn(`${name} has an entry without a key=value form (${quote(part.trim())}); ignoring it. Use key=value pairs separated by commas.`);
      continue;
    }
    out[key] = safeDecode(part.slice(eq + 1).trim());
  }
  return out;
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

const QUOTE_PREFIX = 40;

/** Values are quoted and cut to a short prefix so a huge, binary or secret-bearing value cannot flood the log. */
export function quote(v: string): string {
  const shown = v.length > QUOTE_PREFIX ? `${v.slice(0, QUOTE_PREFIX)}…` : v;
  return JSON.stringify(shown);
}
