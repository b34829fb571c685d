// Static checks of collector/: the Collector binary cannot be installed on these machines (no Go
// modules), so these read the files the way otelcol and ocb would instead of running them.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  BUILDER_MANIFEST, COLLECTOR_README, COMPONENT_KINDS, CONFIG_FILES, MAIN_CONFIG, REMOTE_WRITE_OVERLAY,
  componentType, envReferences, mergeConfigs, moduleNameFor, pipelines, readYaml, resolveEnv, usedComponents,
  type ComponentKind, type Yaml,
} from './collector-config';

const main = readYaml(MAIN_CONFIG);
const remoteWrite = mergeConfigs(main, readYaml(REMOTE_WRITE_OVERLAY));
/** What otelcol runs, by file set. */
const runnable: Array<[string, Yaml]> = [
  ['otelcol-config.yaml', main],
  ['otelcol-config.yaml + otelcol-remote-write.yaml', remoteWrite],
];

interface ManifestEntry { gomod: string }
const manifest = readYaml(BUILDER_MANIFEST) as Record<string, unknown> & { dist: { version: string } };
const manifestModules = (kind: ComponentKind | 'providers') =>
  ((manifest[kind] ?? []) as ManifestEntry[]).map((e) => {
    const [path, version] = e.gomod.split(' ');
    return { path, version, name: path.split('/').pop() as string };
  });

describe('collector files (static: no Collector binary can be installed here)', () => {
  test.each([...CONFIG_FILES, BUILDER_MANIFEST])('%s parses as exactly one YAML document without errors', (file) => {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    expect(Array.isArray(docs) ? docs.length : 1).toBe(1);
    const [doc] = Array.isArray(docs) ? docs : [docs];
    expect(doc.errors.map((e) => e.message)).toEqual([]);
  });

  test.each(runnable)('%s: every component a pipeline or the service uses is defined', (_name, config) => {
    for (const kind of COMPONENT_KINDS) {
      const defined = Object.keys((config[kind] ?? {}) as Yaml);
      for (const id of usedComponents(config)[kind]) expect({ kind, id, defined: defined.includes(id) }).toEqual({ kind, id, defined: true });
    }
  });

  test.each(runnable)('%s: memory_limiter is the first processor and batch the last in every pipeline', (_name, config) => {
    for (const p of Object.values(pipelines(config))) {
      expect(p.processors?.[0]).toBe('memory_limiter');
      expect(p.processors?.at(-1)).toBe('batch');
    }
  });

  test('every component type used by the config files is in the builder manifest, and nothing else is', () => {
    for (const kind of COMPONENT_KINDS) {
      const needed = new Set<string>();
      for (const [, config] of runnable) usedComponents(config)[kind].forEach((id) => needed.add(moduleNameFor(kind, componentType(id))));
      expect(manifestModules(kind).map((m) => m.name).sort()).toEqual([...needed].sort());
    }
  });

  test('builder manifest pins one component version, matching dist.version, and one provider version', () => {
    const componentVersions = new Set(COMPONENT_KINDS.flatMap((k) => manifestModules(k).map((m) => m.version)));
    expect([...componentVersions]).toEqual([`v${manifest.dist.version}`]);
    const providerVersions = new Set(manifestModules('providers').map((m) => m.version));
    expect(providerVersions.size).toBe(1);
    expect([...providerVersions][0]).toMatch(/^v1\.\d+\.\d+$/);
    // ${env:…} needs the env provider, --config <file> the file provider.
    expect(manifestModules('providers').map((m) => m.name)).toEqual(expect.arrayContaining(['envprovider', 'fileprovider']));
  });

  test('every ${env:…} in the collector files is documented in collector/README.md with the same default', () => {
    const readme = readFileSync(COLLECTOR_README, 'utf8');
    const rows = new Map([...readme.matchAll(/^\| `([A-Z0-9_]+)` \| `([^`]*)` \|/gm)].map((m) => [m[1], m[2]]));
    const refs = CONFIG_FILES.flatMap((f) => envReferences(f).map((r) => ({ file: basename(f), ...r })));
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect({ name: ref.name, documentedDefault: rows.get(ref.name) }).toEqual({ name: ref.name, documentedDefault: ref.defaultValue ?? '' });
    }
    // …and the README documents no variable the files do not use.
    expect([...rows.keys()].filter((name) => !refs.some((r) => r.name === name))).toEqual([]);
  });

  test('one variable has one default everywhere it is used', () => {
    const defaults = new Map<string, Set<string | undefined>>();
    for (const f of CONFIG_FILES) for (const r of envReferences(f)) defaults.set(r.name, (defaults.get(r.name) ?? new Set()).add(r.defaultValue));
    expect([...defaults].filter(([, d]) => d.size > 1).map(([n]) => n)).toEqual([]);
  });

  test('with defaults, the OTLP receiver listens on all interfaces at 4317 (gRPC) and 4318 (HTTP), the SDK default ports', () => {
    const resolved = resolveEnv(main) as { receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } } };
    expect(resolved.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(resolved.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
  });

  test('with defaults, InfluxDB gets the 1.x API on database perf_otel with the telegraf-prometheus-v1 schema; env switches to 2.x', () => {
    type Resolved = { exporters: { influxdb: Yaml & { v1_compatibility: Yaml } } };
    const v1 = resolveEnv(main) as Resolved;
    expect(v1.exporters.influxdb.metrics_schema).toBe('telegraf-prometheus-v1');
    expect(v1.exporters.influxdb.v1_compatibility).toEqual({ enabled: true, db: 'perf_otel', username: null, password: null });
    const v2 = resolveEnv(main, { OTELCOL_INFLUXDB_V1_COMPATIBILITY: 'false', OTELCOL_INFLUXDB_TOKEN: 't0ken' }) as Resolved;
    expect(v2.exporters.influxdb.v1_compatibility.enabled).toBe(false);
    expect(v2.exporters.influxdb.token).toBe('t0ken');
  });

  test('the prometheus exporter turns resource attributes into labels, and only the allowed ones reach it', () => {
    const { exporters, processors } = resolveEnv(main) as { exporters: Record<string, Yaml>; processors: Record<string, { metric_statements: Array<{ statements: string[] }> }> };
    expect(exporters.prometheus.resource_to_telemetry_conversion).toEqual({ enabled: true });
    const statements = processors['transform/resource'].metric_statements.flatMap((g) => g.statements);
    expect(statements[0]).toBe('keep_keys(resource.attributes, ["service.name", "service.namespace", "service.version", "service.instance.id", "deployment.environment.name", "host.name"])');
  });

  test('user ids are dropped by default and kept only when OTELCOL_KEEP_USER_ID=true', () => {
    const statementsFor = (env: Record<string, string>) =>
      (resolveEnv(main, env) as { processors: Record<string, { metric_statements: Array<{ statements: string[] }> }> })
        .processors['transform/privacy'].metric_statements.flatMap((g) => g.statements).filter((s) => s.includes('"user.id"'));
    expect(statementsFor({})).toEqual(['delete_key(datapoint.attributes, "user.id") where "false" != "true"']);
    expect(statementsFor({ OTELCOL_KEEP_USER_ID: 'true' })).toEqual(['delete_key(datapoint.attributes, "user.id") where "true" != "true"']);
  });
});
