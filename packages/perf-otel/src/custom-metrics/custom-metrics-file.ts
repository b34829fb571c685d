// PERF_OTEL_CUSTOM_METRICS: metrics the app declares in YAML, checked at start. Each valid entry
// becomes an SDK View: its buckets, and an attribute allowlist that keeps stray high-cardinality
// attributes (a user id passed by mistake) out of storage. Every mistake names the file, the line
// and the fix; the entry is skipped and the app runs on.
import { readFileSync } from 'node:fs';
import { AggregationType, createAllowListAttributesProcessor, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { quote, type Warn } from '../config/env-readers';

const KINDS = ['counter', 'updowncounter', 'histogram', 'gauge'] as const;
const NAME = /^[A-Za-z][A-Za-z0-9_./-]{0,254}$/;
const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_.]{0,127}$/;
// Annotations ({order}), plain UCUM atoms with prefixes, and ratios such as By/s or {request}/s.
const UNIT = /^(?:\{[^{}]*\}|1|%|[a-zA-Z]{1,4})(?:\/(?:\{[^{}]*\}|[a-zA-Z]{1,3}))?$/;
const KNOWN_KEYS = new Set(['name', 'kind', 'unit', 'description', 'attributes', 'buckets']);

export interface DeclaredMetric {
  name: string;
  kind: (typeof KINDS)[number];
  unit: string;
  description: string;
  attributes: string[] | undefined;
  buckets: number[] | undefined;
}

export function loadCustomMetrics(path: string, warn: Warn): DeclaredMetric[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    warn(
      `PERF_OTEL_CUSTOM_METRICS=${quote(path)} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); no custom metrics are declared. Point it at a YAML file.`,
    );
    return [];
  }
  const { parseDocument, LineCounter, isMap, isSeq } = require('yaml') as typeof import('yaml');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (offset: number | undefined) => `${path} line ${offset === undefined ? '?' : lines.linePos(offset).line}`;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    warn(`${at(e.pos[0])}: not valid YAML (${e.message.split('\n')[0]}); no custom metrics are declared. Fix the syntax.`);
    return [];
  }
  const metrics = isMap(doc.contents) ? doc.contents.get('metrics', true) : undefined;
  if (!isSeq(metrics)) {
    warn(
      `${at(doc.contents?.range?.[0])}: expected a top-level "metrics:" list; no custom metrics are declared. Write metrics: followed by "- name: …" entries.`,
    );
    return [];
  }
  const out: DeclaredMetric[] = [];
  const seen = new Set<string>();
  for (const item of metrics.items) {
    const where = at((item as { range?: [number] }).range?.[0]);
    if (!isMap(item)) {
      warn(`${where}: each metric is a map with name, kind and unit; skipping this entry.`);
      continue;
    }
    const entry = item.toJSON() as Record<string, unknown>;
    const problem = check(entry, seen);
    if (problem !== undefined) {
      warn(`${where}: ${problem}; skipping this metric.`);
      continue;
    }
    seen.add(entry.name as string);
    out.push({
      name: entry.name as string,
      kind: entry.kind as DeclaredMetric['kind'],
      unit: (entry.unit as string | undefined) ?? '',
      description: (entry.description as string | undefined) ?? '',
      attributes: entry.attributes as string[] | undefined,
      buckets: entry.buckets as number[] | undefined,
    });
  }
  return out;
}

function check(e: Record<string, unknown>, seen: Set<string>): string | undefined {
  const unknown = Object.keys(e).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length) return `unknown key(s) ${unknown.join(', ')}: use ${[...KNOWN_KEYS].join(', ')}`;
  if (typeof e.name !== 'string' || !NAME.test(e.name))
    return `name ${JSON.stringify(e.name)} is not a valid metric name: start with a letter, then letters, digits, _ . / -`;
  if (seen.has(e.name)) return `"${e.name}" is declared twice: keep one`;
  if (!KINDS.includes(e.kind as DeclaredMetric['kind'])) return `kind ${JSON.stringify(e.kind)} of "${e.name}" is not one of ${KINDS.join(', ')}`;
  if (e.unit !== undefined && (typeof e.unit !== 'string' || !UNIT.test(e.unit)))
    return `unit ${JSON.stringify(e.unit)} of "${e.name}" is not a UCUM unit: use e.g. s, ms, By, 1, {order}`;
  if (e.description !== undefined && typeof e.description !== 'string') return `description of "${e.name}" must be text`;
  if (e.attributes !== undefined && (!Array.isArray(e.attributes) || !e.attributes.every((a) => typeof a === 'string' && ATTRIBUTE.test(a)))) {
    return `attributes of "${e.name}" must be a list of attribute names such as [payment.method, region]`;
  }
  if (e.buckets !== undefined) {
    if (e.kind !== 'histogram') return `buckets are only for histograms, and "${e.name}" is a ${String(e.kind)}: remove them`;
    const b = e.buckets;
    if (!Array.isArray(b) || b.length === 0 || !b.every((x) => typeof x === 'number' && Number.isFinite(x)) || b.some((x, i) => i > 0 && x <= b[i - 1])) {
      return `buckets of "${e.name}" must be a non-empty list of increasing numbers, e.g. [0.1, 0.5, 1, 5]`;
    }
  }
  return undefined;
}

/** Views for the declared metrics; tenant attributes are always allowed through. */
export function viewsFor(metrics: DeclaredMetric[], tenantKeys: readonly string[]): ViewOptions[] {
  return metrics.map((m) => ({
    instrumentName: m.name,
    ...(m.description ? { description: m.description } : {}),
    ...(m.attributes ? { attributesProcessors: [createAllowListAttributesProcessor([...m.attributes, ...tenantKeys])] } : {}),
    ...(m.buckets ? { aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: m.buckets } } } : {}),
  }));
}
