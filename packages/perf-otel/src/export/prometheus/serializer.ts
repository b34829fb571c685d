// Prometheus text exposition (format 0.0.4) of a collection, with the Collector's naming, service
// identity as labels (`job`, `instance` and the identity resource attributes the bundled collector
// keeps), and the scope as `otel_scope_name`/`otel_scope_version`.
import type { Attributes } from '@opentelemetry/api';
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { labelName, metricName, type PromKind } from './naming';

/**
 * Resource attributes the bundled collector config keeps and turns into labels: service identity,
 * where it runs (container, Kubernetes) and who owns it. All are fixed per process, so they add
 * labels, never series.
 */
export const IDENTITY_RESOURCE_ATTRIBUTES = [
  'service.name', 'service.namespace', 'service.version', 'service.instance.id', 'deployment.environment.name', 'host.name',
  'container.id', 'k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.node.name', 'k8s.container.name', 'k8s.deployment.name',
  'owner.team', 'owner.project', 'owner.user',
];

const TARGET_INFO = 'target_info';
const JOB_INSTANCE_ATTRIBUTES = new Set(['service.name', 'service.namespace', 'service.instance.id']);

interface Family { kind: PromKind; help: string; lines: string[] }

export function serialize(rm: ResourceMetrics): string {
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
  for (const sm of rm.scopeMetrics) {
    const scope: Record<string, string> = { otel_scope_name: sm.scope.name, otel_scope_version: sm.scope.version ?? '' };
    for (const metric of sm.metrics) addMetric(families, metric, { ...identity, ...scope });
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

function addMetric(families: Map<string, Family>, metric: MetricData, base: Record<string, string>): void {
  if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) return; // not produced by our views
  const kind = kindOf(metric);
  const name = metricName(metric.descriptor.name, metric.descriptor.unit, kind);
  let family = families.get(name);
  if (family === undefined) {
    family = { kind, help: metric.descriptor.description, lines: [] };
    families.set(name, family);
  }
  if (metric.dataPointType === DataPointType.HISTOGRAM) {
    for (const dp of metric.dataPoints) {
      const labels = labelsOf(base, dp.attributes);
      const { boundaries, counts } = dp.value.buckets;
      let cumulative = 0;
      for (let i = 0; i < boundaries.length; i++) {
        cumulative += counts[i];
        family.lines.push(`${name}_bucket${render(labels, ['le', formatNumber(boundaries[i])])} ${cumulative}\n`);
      }
      family.lines.push(`${name}_bucket${render(labels, ['le', '+Inf'])} ${dp.value.count}\n`);
      family.lines.push(`${name}_sum${render(labels)} ${formatNumber(dp.value.sum ?? 0)}\n`);
      family.lines.push(`${name}_count${render(labels)} ${dp.value.count}\n`);
    }
    return;
  }
  for (const dp of metric.dataPoints) {
    family.lines.push(`${name}${render(labelsOf(base, dp.attributes))} ${formatNumber(dp.value)}\n`);
  }
}

function labelsOf(base: Record<string, string>, attributes: Attributes): Array<[string, string]> {
  const out: Array<[string, string]> = Object.entries(base);
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined || v === null) continue;
    out.push([labelName(k), Array.isArray(v) ? JSON.stringify(v) : String(v)]);
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
