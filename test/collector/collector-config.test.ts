// collector/: the configs users run, checked by the otelcol-perf-otel binary built from the manifest
// (validate, components), plus what only a reader can check (docs, defaults, one release everywhere).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { COLLECTOR_BIN, makeTempDir, removeTempDir, validateCollectorConfig } from '../harness';
import {
  AGENT_CONFIG,
  BUILDER_MANIFEST,
  COLLECTOR_DIR,
  COLLECTOR_README,
  COMPONENT_KINDS,
  CONFIG_FILES,
  GATEWAY_OVERLAY,
  MAIN_CONFIG,
  REMOTE_WRITE_OVERLAY,
  SECURE_INGEST_OVERLAY,
  componentType,
  envReferences,
  mergeConfigs,
  moduleNameFor,
  pipelines,
  readYaml,
  resolveEnv,
  usedComponents,
  type ComponentKind,
  type Yaml,
} from './collector-config';

const main = readYaml(MAIN_CONFIG);
const remoteWrite = mergeConfigs(main, readYaml(REMOTE_WRITE_OVERLAY));
const gateway = mergeConfigs(remoteWrite, readYaml(GATEWAY_OVERLAY));
/** What otelcol runs, by file set. */
const runnable: Array<[string, Yaml, string[]]> = [
  ['otelcol-config.yaml', main, [MAIN_CONFIG]],
  ['otelcol-config.yaml + otelcol-remote-write.yaml', remoteWrite, [MAIN_CONFIG, REMOTE_WRITE_OVERLAY]],
  ['… + otelcol-gateway.yaml', gateway, [MAIN_CONFIG, REMOTE_WRITE_OVERLAY, GATEWAY_OVERLAY]],
  [
    '… + otelcol-gateway.yaml + otelcol-secure-ingest.yaml',
    mergeConfigs(gateway, readYaml(SECURE_INGEST_OVERLAY)),
    [MAIN_CONFIG, REMOTE_WRITE_OVERLAY, GATEWAY_OVERLAY, SECURE_INGEST_OVERLAY],
  ],
  ['otelcol-agent.yaml', readYaml(AGENT_CONFIG), [AGENT_CONFIG]],
];
/** What the secured-ingest overlay needs set (it has no defaults on purpose); validate only checks they are given. */
const VALIDATE_ENV = { OTELCOL_INGEST_TOKEN: 'token', OTELCOL_TLS_CERT_FILE: '/etc/otelcol/tls/tls.crt', OTELCOL_TLS_KEY_FILE: '/etc/otelcol/tls/tls.key' };

interface ManifestEntry {
  gomod: string;
  path?: string;
}
const manifest = readYaml(BUILDER_MANIFEST) as Record<string, unknown> & { dist: { version: string } };
const manifestModules = (kind: ComponentKind | 'providers') =>
  ((manifest[kind] ?? []) as ManifestEntry[]).map((e) => {
    const [path, version] = e.gomod.split(' ');
    return { path, version, name: path.split('/').pop() as string, local: e.path !== undefined };
  });

describe('collector files, checked by the otelcol-perf-otel binary built from collector/builder-config.yaml', () => {
  test.each(runnable)('%s passes `otelcol-perf-otel validate`', async (_name, _config, files) => {
    const dir = await makeTempDir('otelcol-validate');
    try {
      const { code, output } = await validateCollectorConfig(files, { ...VALIDATE_ENV, OTELCOL_STORAGE_DIR: dir });
      expect({ code, output }).toEqual({ code: 0, output: '' });
    } finally {
      await removeTempDir(dir);
    }
  });

  test('a malformed config is refused by validate with the component and the key it does not know', async () => {
    const dir = await makeTempDir('otelcol-bad');
    try {
      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, 'exporters:\n  prometheus:\n    endpoit: 0.0.0.0:8889\n');
      const { code, output } = await validateCollectorConfig([MAIN_CONFIG, bad]);
      expect(code).not.toBe(0);
      expect(output).toContain(`'exporters' error reading configuration for "prometheus"`);
      expect(output).toContain('has invalid keys: endpoit');
    } finally {
      await removeTempDir(dir);
    }
  });

  test("the binary holds exactly the components the config files use, at the manifest's release", () => {
    const built = parse(execFileSync(COLLECTOR_BIN, ['components'], { encoding: 'utf8' })) as Record<string, Array<{ name: string; module: string }>> & {
      buildinfo: { version: string };
    };
    expect(built.buildinfo.version).toBe(manifest.dist.version);
    for (const kind of COMPONENT_KINDS) {
      const needed = new Set<string>();
      for (const [, config] of runnable) usedComponents(config)[kind].forEach((id) => needed.add(componentType(id)));
      expect({ kind, types: built[kind].map((c) => c.name).sort() }).toEqual({ kind, types: [...needed].sort() });
    }
  });

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
      // influxdb is ours (collector/influxdbexporter), the others are upstream modules named by convention.
      expect(
        manifestModules(kind)
          .map((m) => m.name)
          .sort(),
      ).toEqual([...needed].sort());
    }
  });

  test('one release everywhere: every upstream component at dist.version, one provider version, the same image tag in deploy/', () => {
    const componentVersions = new Set(
      COMPONENT_KINDS.flatMap((k) =>
        manifestModules(k)
          .filter((m) => !m.local)
          .map((m) => m.version),
      ),
    );
    expect([...componentVersions]).toEqual([`v${manifest.dist.version}`]);
    expect(
      COMPONENT_KINDS.flatMap((k) =>
        manifestModules(k)
          .filter((m) => m.local)
          .map((m) => m.name),
      ),
    ).toEqual(['influxdbexporter']);
    for (const file of ['deploy/compose.yaml', 'deploy/k8s/otelcol-gateway.yaml']) {
      const tags = [...readFileSync(join(COLLECTOR_DIR, '..', file), 'utf8').matchAll(/opentelemetry-collector-contrib:([\w.-]+)/g)].map((m) => m[1]);
      expect({ file, tags: [...new Set(tags)] }).toEqual({ file, tags: [manifest.dist.version] });
    }
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

  test('user ids are dropped by default and kept only when OTELCOL_KEEP_USER_ID=true', () => {
    const statementsFor = (env: Record<string, string>) =>
      (resolveEnv(main, env) as { processors: Record<string, { metric_statements: Array<{ statements: string[] }> }> }).processors[
        'transform/privacy'
      ].metric_statements
        .flatMap((g) => g.statements)
        .filter((s) => s.includes('"user.id"'));
    expect(statementsFor({})).toEqual(['delete_key(datapoint.attributes, "user.id") where "false" != "true"']);
    expect(statementsFor({ OTELCOL_KEEP_USER_ID: 'true' })).toEqual(['delete_key(datapoint.attributes, "user.id") where "true" != "true"']);
  });
});
