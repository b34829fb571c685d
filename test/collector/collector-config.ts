// Reads the collector files the way otelcol does, as far as that can be done without the binary:
// YAML, ${env:NAME:-default} expansion, and merging several --config files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const COLLECTOR_DIR = join(__dirname, '..', '..', 'collector');
export const MAIN_CONFIG = join(COLLECTOR_DIR, 'otelcol-config.yaml');
export const REMOTE_WRITE_OVERLAY = join(COLLECTOR_DIR, 'otelcol-remote-write.yaml');
export const GATEWAY_OVERLAY = join(COLLECTOR_DIR, 'otelcol-gateway.yaml');
export const SECURE_INGEST_OVERLAY = join(COLLECTOR_DIR, 'otelcol-secure-ingest.yaml');
export const AGENT_CONFIG = join(COLLECTOR_DIR, 'otelcol-agent.yaml');
export const BUILDER_MANIFEST = join(COLLECTOR_DIR, 'builder-config.yaml');
export const COLLECTOR_README = join(COLLECTOR_DIR, 'README.md');
/** Every file otelcol reads (the builder manifest is ocb's). */
export const CONFIG_FILES = [MAIN_CONFIG, REMOTE_WRITE_OVERLAY, GATEWAY_OVERLAY, SECURE_INGEST_OVERLAY, AGENT_CONFIG];

export type Yaml = Record<string, unknown>;
export const COMPONENT_KINDS = ['receivers', 'processors', 'exporters', 'extensions'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface EnvReference {
  name: string;
  defaultValue: string | undefined;
}

export function readYaml(path: string): Yaml {
  return parse(readFileSync(path, 'utf8')) as Yaml;
}

/** Every ${env:…} reference in a file, in order of appearance. */
export function envReferences(path: string): EnvReference[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(ENV_REFERENCE)].map((m) => ({ name: m[1], defaultValue: m[2] }));
}

/**
 * Expands ${env:NAME:-default} like the Collector's env provider: a value that is one whole reference
 * takes the YAML type of what it expands to (true, 80, 0.0.0.0:4317); a reference inside a longer string
 * is spliced in as text. Unset without default expands to empty.
 */
export function resolveEnv(value: unknown, env: Record<string, string | undefined> = {}): unknown {
  if (typeof value === 'string') {
    const expand = (_m: string, name: string, fallback: string | undefined) => env[name] ?? fallback ?? '';
    const whole = value.match(/^\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/);
    if (whole !== null) {
      const text = expand(whole[0], whole[1], whole[2]);
      return text === '' ? null : parse(text);
    }
    return value.replace(ENV_REFERENCE, expand);
  }
  if (Array.isArray(value)) return value.map((v) => resolveEnv(v, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveEnv(v, env)]));
  }
  return value;
}

/** Later files win; maps merge key by key and lists are replaced whole, as with repeated --config. */
export function mergeConfigs(...configs: Yaml[]): Yaml {
  const merge = (a: unknown, b: unknown): unknown => {
    const isMap = (v: unknown): v is Yaml => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!isMap(a) || !isMap(b)) return b === undefined ? a : b;
    const out: Yaml = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  };
  return configs.reduce((acc, c) => merge(acc, c) as Yaml, {});
}

/** `transform/privacy` → `transform`. */
export const componentType = (id: string): string => id.split('/')[0];

/** Modules not named <type><kind>: the gRPC OTLP exporter keeps its old module name, file_storage lives in extension/storage. */
const MODULE_NAMES: Record<string, string> = { 'exporters/otlp_grpc': 'otlpexporter', 'extensions/file_storage': 'filestorage' };

/** The Go module name ocb needs for a component type: memory_limiter + processors → memorylimiterprocessor. */
export const moduleNameFor = (kind: ComponentKind, type: string): string =>
  MODULE_NAMES[`${kind}/${type}`] ?? `${type.replaceAll('_', '')}${kind.slice(0, -1)}`;

export interface Pipeline {
  receivers?: string[];
  processors?: string[];
  exporters?: string[];
}

export function pipelines(config: Yaml): Record<string, Pipeline> {
  const service = config.service as { pipelines?: Record<string, Pipeline> } | undefined;
  return service?.pipelines ?? {};
}

/** Component ids a config's service section uses, by kind. */
export function usedComponents(config: Yaml): Record<ComponentKind, Set<string>> {
  const used = { receivers: new Set<string>(), processors: new Set<string>(), exporters: new Set<string>(), extensions: new Set<string>() };
  for (const p of Object.values(pipelines(config))) {
    p.receivers?.forEach((id) => used.receivers.add(id));
    p.processors?.forEach((id) => used.processors.add(id));
    p.exporters?.forEach((id) => used.exporters.add(id));
  }
  const service = config.service as { extensions?: string[] } | undefined;
  service?.extensions?.forEach((id) => used.extensions.add(id));
  return used;
}
