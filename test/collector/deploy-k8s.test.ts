// deploy/k8s, checked statically (no cluster here): the manifests parse, pin the image the compose stack
// uses, run exactly the repository's collector config, and wire ports and probes to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_FILES, MAIN_CONFIG, readYaml, resolveEnv } from './collector-config';
import { ALL_ENV_VARS } from '../../packages/perf-otel/src/config/env-vars';
import { K8S_DIR, readCompose, readYamlDocuments } from './deploy-files';

type Manifest = { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown>; data?: Record<string, string> };
const manifests = ['namespace.yaml', 'otelcol-configmap.yaml', 'otelcol-gateway.yaml']
  .flatMap((f) => readYamlDocuments(join(K8S_DIR, f))) as Manifest[];
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);

interface Container { image: string; args: string[]; ports: Array<{ name: string; containerPort: number }>; readinessProbe: { httpGet: { port: string } } }
const deployment = byKind('Deployment')[0] as Manifest & { spec: { template: { spec: { containers: Container[]; volumes: Array<{ configMap: { name: string } }> } } } };
const container = deployment.spec.template.spec.containers[0];

test('gateway: Namespace, ConfigMap, Deployment, Service and PodDisruptionBudget, all in the observability namespace', () => {
  expect(manifests.map((m) => m.kind)).toEqual(['Namespace', 'ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget']);
  expect(manifests.filter((m) => m.kind !== 'Namespace').every((m) => m.metadata.namespace === 'observability')).toBe(true);
});

test('the Deployment runs the same pinned collector image as compose, with the ConfigMap it mounts', () => {
  expect(container.image).toBe(readCompose().services.otelcol.image);
  expect(deployment.spec.template.spec.volumes[0].configMap.name).toBe(byKind('ConfigMap')[0].metadata.name);
  expect(container.args).toEqual(['--config=/etc/otelcol/otelcol-config.yaml', '--config=/etc/otelcol/otelcol-remote-write.yaml']);
});

test('the ConfigMap holds exactly collector/*.yaml (regenerate with node deploy/k8s/render-configmap.mjs)', () => {
  const data = byKind('ConfigMap')[0].data ?? {};
  for (const file of CONFIG_FILES) {
    const name = file.split('/').pop() as string;
    expect({ name, inSync: data[name] === readFileSync(file, 'utf8') }).toEqual({ name, inSync: true });
  }
});

test('container ports and the readiness probe match the collector config\'s default endpoints; the Service exposes OTLP', () => {
  const collector = resolveEnv(readYaml(MAIN_CONFIG)) as {
    receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
    extensions: { health_check: { endpoint: string } };
  };
  const port = (endpoint: string) => Number(endpoint.split(':').pop());
  const ports = Object.fromEntries(container.ports.map((p) => [p.name, p.containerPort]));
  expect(ports['otlp-grpc']).toBe(port(collector.receivers.otlp.protocols.grpc.endpoint));
  expect(ports['otlp-http']).toBe(port(collector.receivers.otlp.protocols.http.endpoint));
  expect(ports[container.readinessProbe.httpGet.port]).toBe(port(collector.extensions.health_check.endpoint));
  const service = byKind('Service')[0] as Manifest & { spec: { ports: Array<{ port: number; targetPort: string }> } };
  expect(service.spec.ports.map((p) => [p.port, p.targetPort])).toEqual([[4317, 'otlp-grpc'], [4318, 'otlp-http']]);
});

type EnvVar = { name: string; value?: string; valueFrom?: { fieldRef: { fieldPath: string } } };
const exampleApp = parse(readFileSync(join(K8S_DIR, 'app-env-example.yaml'), 'utf8')) as { spec: { template: { spec: { containers: Array<{ name: string; env: EnvVar[] }> } } } };
const exampleEnv = exampleApp.spec.template.spec.containers[0].env;

test('the example app sends OTLP to the gateway Service, sidecar-less', () => {
  const env = Object.fromEntries(exampleEnv.map((e) => [e.name, e.value]));
  expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otelcol-gateway.observability.svc:4318');
  expect(exampleApp.spec.template.spec.containers).toHaveLength(1);
});

test('the example app sets every K8S_* variable perf-otel reads, from the downward API where it has the field, and its owner', () => {
  const k8sVariables = ALL_ENV_VARS.map((v) => v.name).filter((name) => name.startsWith('K8S_')).sort();
  expect(exampleEnv.map((e) => e.name).filter((name) => name.startsWith('K8S_')).sort()).toEqual(k8sVariables);
  const fieldOf = Object.fromEntries(exampleEnv.map((e) => [e.name, e.valueFrom?.fieldRef.fieldPath ?? `value:${e.value}`]));
  expect(fieldOf).toMatchObject({
    K8S_POD_NAME: 'metadata.name', K8S_POD_UID: 'metadata.uid', K8S_NAMESPACE_NAME: 'metadata.namespace', K8S_NODE_NAME: 'spec.nodeName',
    K8S_CONTAINER_NAME: `value:${exampleApp.spec.template.spec.containers[0].name}`,
  });
  const attributes = exampleEnv.find((e) => e.name === 'OTEL_RESOURCE_ATTRIBUTES')!.value!;
  expect(attributes).toContain('owner.team=');
  expect(attributes).toContain('service.instance.id=$(K8S_POD_NAME)');
});
