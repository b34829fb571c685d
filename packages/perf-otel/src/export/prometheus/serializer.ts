// Prometheus text exposition (format 0.0.4) of a collection, with the Collector's naming, service
// identity as labels (`job`, `instance` and the identity resource attributes the bundled collector
// keeps), and the scope as `otel_scope_name`/`otel_scope_version`.
//
// One bad name never makes the exposition unparsable (Prometheus would drop every series of the
// app): following OpenTelemetry's Prometheus compatibility rules,
// - attribute keys that become the same label are merged, their values joined with `;` in the
//   order of the original keys;
// - an attribute named like a label this exposition sets itself (`job`, `instance`, the identity
//   and scope labels, `le`, `quantile`) is renamed `exported_<name>`, as Prometheus renames
//   clashing target labels;
// - a metric whose name (or a histogram's `_bucket`/`_sum`/`_count` series) is already taken by
//   another metric of another kind is left out, and so is a second series with the same labels.
// Each is said once, naming the metric and the attribute. (The Collector's exporter drops the
// whole metric in the first two cases, see docs/metrics.md.)
import type { Attributes } from '@opentelemetry/api';
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { quote } from '../../config/env-readers';
import { labelName, metricName, type PromKind } from './naming';

/**
 * Resource attributes the bundled collector config keeps and turns into labels: service identity,
 * where it runs (container, Kubernetes) and who owns it. All are fixed per process, so they add
 * labels, never series.
 */
export const IDENTITY_RESOURCE_ATTRIBUTES = [
  'service.name',
  'service.namespace',
  'service.version',
  'service.instance.id',
  'deployment.environment.name',
  'host.name',
  'container.id',
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.pod.uid',
  'k8s.node.name',
  'k8s.container.name',
  'k8s.deployment.name',
  'owner.team',
  'owner.project',
  'owner.user',
];

const TARGET_INFO = 'target_info';
const JOB_INSTANCE_ATTRIBUTES = new Set(['service.name', 'service.namespace', 'service.instance.id']);
/** Labels with a meaning of their own in Prometheus (histogram buckets, summary quantiles). */
const PROMETHEUS_LABELS = ['le', 'quantile'];

export type Warn = (message: string) => void;

interface Family {
  kind: PromKind;
  help: string;
  lines: string[];
  seen: Set<string>;
}
interface Claim {
  name: string;
  kind: PromKind;
  metric: string;
  resource?: true;
}

export function serialize(rm: ResourceMetrics, warn: Warn): string {
  const res = rm.resource.attributes;
  const identity: Record<string, string> = {};
  const name = res['service.name'];
  const ns = res['service.namespace'];
  if (name !== undefined) identity.job = ns !== undefined ? `${String(ns)}/${String(name)}` : String(name);
  if (res['service.instance.id'] !== undefined) identity.instance = String(res['service.instance.id']);
  for (const key of IDENTITY_RESOURCE_ATTRIBUTES) {
    // Already job and instance: the Collector's exporters leave them out too (resource_constant_labels.excluded).
    if (JOB_INSTANCE_ATTRIBUTES.has(key)) continue;
    if (res[key] !== undefined) identity[labelName(key)] = String(res[key]);
  }

  const families = new Map<string, Family>();
  // Every series name in the exposition, and whose it is: a histogram owns its _bucket, _sum and _count.
  const claims = new Map<string, Claim>([[TARGET_INFO, { name: TARGET_INFO, kind: 'gauge', metric: 'target_info', resource: true }]]);
  for (const sm of rm.scopeMetrics) {
    const base: Record<string, string> = { ...identity, otel_scope_name: sm.scope.name, otel_scope_version: sm.scope.version ?? '' };
    const ctx: LabelContext = { base: Object.entries(base), taken: new Set([...Object.keys(base), ...PROMETHEUS_LABELS]), warn };
    for (const metric of sm.metrics) addMetric(families, claims, metric, ctx);
  }
  // The resource as one info series, as the Collector's exporters write it (OpenTelemetry's Prometheus
  // compatibility: target_info carries the resource attributes that are not job/instance).
  let out = `# HELP ${TARGET_INFO} Target metadata\n# TYPE ${TARGET_INFO} gauge\n${TARGET_INFO}${render(Object.entries(identity))} 1\n`;
  for (const [n, f] of families) {
    if (f.lines.length === 0) continue;
    out += `# HELP ${n} ${escapeHelp(f.help)}\n# TYPE ${n} ${f.kind}\n${f.lines.join('')}`;
  }
  return out;
}

function kindOf(metric: MetricData): PromKind {
  if (metric.dataPointType === DataPointType.HISTOGRAM) return 'histogram';
  if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) return 'counter';
  return 'gauge';
}

/** The family for this metric, or undefined (said once) when its names belong to another metric. */
function familyFor(families: Map<string, Family>, claims: Map<string, Claim>, metric: MetricData, kind: PromKind, warn: Warn): [string, Family] | undefined {
  const original = metric.descriptor.name;
  const name = metricName(original, metric.descriptor.unit, kind);
  if (name === '' || name === '_') {
    warn(`metric ${quote(original)} has no character Prometheus allows in a name; it is left out of /metrics (OTLP still carries it). Rename it.`);
    return undefined;
  }
  const series = kind === 'histogram' ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
  for (const s of series) {
    const claim = claims.get(s);
    if (claim !== undefined && (claim.name !== name || claim.kind !== kind || claim.resource)) {
      const owner = claim.resource ? "the resource's info series" : `metric ${quote(claim.metric)} (${claim.kind})`;
      warn(
        `metric ${quote(original)} (${kind}) would be written as ${s} on /metrics, which is already ${owner}; ` +
          `it is left out of /metrics (OTLP still carries it). Rename ${claim.resource ? 'it' : 'one of them'}.`,
      );
      return undefined;
    }
  }
  for (const s of series) if (!claims.has(s)) claims.set(s, { name, kind, metric: original });
  let family = families.get(name);
  if (family === undefined) {
    family = { kind, help: metric.descriptor.description, lines: [], seen: new Set() };
    families.set(name, family);
  }
  return [name, family];
}

function addMetric(families: Map<string, Family>, claims: Map<string, Claim>, metric: MetricData, ctx: LabelContext): void {
  if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) return; // not produced by our views
  const kind = kindOf(metric);
  const found = familyFor(families, claims, metric, kind, ctx.warn);
  if (found === undefined) return;
  const [name, family] = found;
  const metricLabel = metric.descriptor.name;
  const unique = (labels: Array<[string, string]>, attributes: Attributes): string | undefined => {
    const rendered = render(labels);
    if (!family.seen.has(rendered)) {
      family.seen.add(rendered);
      return rendered;
    }
    ctx.warn(
      `two series of metric ${quote(metricLabel)} get the same Prometheus labels: their attribute keys differ only in characters Prometheus does not allow; ` +
        `/metrics keeps the first and leaves out the one with keys ${Object.keys(attributes).map(quote).join(', ')}.`,
    );
    return undefined;
  };
  if (metric.dataPointType === DataPointType.HISTOGRAM) {
    for (const dp of metric.dataPoints) {
      const labels = labelsOf(ctx, metricLabel, dp.attributes);
      const rendered = unique(labels, dp.attributes);
      if (rendered === undefined) continue;
      const { boundaries, counts } = dp.value.buckets;
      let cumulative = 0;
      for (let i = 0; i < boundaries.length; i++) {
        cumulative += counts[i];
        family.lines.push(`${name}_bucket${render(labels, ['le', formatNumber(boundaries[i])])} ${cumulative}\n`);
      }
      family.lines.push(`${name}_bucket${render(labels, ['le', '+Inf'])} ${dp.value.count}\n`);
      family.lines.push(`${name}_sum${rendered} ${formatNumber(dp.value.sum ?? 0)}\n`);
      family.lines.push(`${name}_count${rendered} ${dp.value.count}\n`);
    }
    return;
  }
  for (const dp of metric.dataPoints) {
    const rendered = unique(labelsOf(ctx, metricLabel, dp.attributes), dp.attributes);
    if (rendered !== undefined) family.lines.push(`${name}${rendered} ${formatNumber(dp.value)}\n`);
  }
}

interface LabelContext {
  base: Array<[string, string]>;
  /** Label names this exposition sets itself: an attribute of that name becomes `exported_<name>`. */
  taken: ReadonlySet<string>;
  warn: Warn;
}

function labelsOf(ctx: LabelContext, metric: string, attributes: Attributes): Array<[string, string]> {
  const out: Array<[string, string]> = [...ctx.base];
  let names: Set<string> | undefined;
  let collided = false;
  for (const k in attributes) {
    const v = attributes[k];
    if (v === undefined || v === null) continue;
    const label = attributeLabel(ctx, metric, k);
    names ??= new Set();
    if (names.has(label)) collided = true;
    names.add(label);
    out.push([label, Array.isArray(v) ? JSON.stringify(v) : String(v)]);
  }
  return collided ? merged(ctx, metric, attributes) : out;
}

function attributeLabel(ctx: LabelContext, metric: string, key: string): string {
  const label = labelName(key);
  if (!ctx.taken.has(label)) return label;
  ctx.warn(`metric ${quote(metric)} has attribute ${quote(key)}, which /metrics sets itself as label ${label}; it is exported as label exported_${label}.`);
  return `exported_${label}`;
}

/** OpenTelemetry's rule for keys that become one label: values joined with `;`, in the order of the original keys. */
function merged(ctx: LabelContext, metric: string, attributes: Attributes): Array<[string, string]> {
  const byLabel = new Map<string, Array<[string, string]>>();
  for (const k of Object.keys(attributes).sort()) {
    const v = attributes[k];
    if (v === undefined || v === null) continue;
    const label = attributeLabel(ctx, metric, k);
    const list = byLabel.get(label) ?? [];
    list.push([k, Array.isArray(v) ? JSON.stringify(v) : String(v)]);
    byLabel.set(label, list);
  }
  const out: Array<[string, string]> = [...ctx.base];
  for (const [label, list] of byLabel) {
    if (list.length > 1) {
      ctx.warn(
        `attributes ${list.map(([k]) => quote(k)).join(', ')} of metric ${quote(metric)} all become Prometheus label ${label}; ` +
          '/metrics joins their values with ";" in that order (OpenTelemetry\'s Prometheus compatibility rule). Rename all but one.',
      );
    }
    out.push([label, list.map(([, v]) => v).join(';')]);
  }
  return out;
}

function render(labels: Array<[string, string]>, extra?: [string, string]): string {
  const all = extra ? [...labels, extra] : labels;
  if (all.length === 0) return '';
  return `{${all.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
