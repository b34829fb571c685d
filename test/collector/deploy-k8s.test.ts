// deploy/k8s, checked statically (no cluster here): the manifests parse, pin the image the compose stack
// uses, run exactly the repository's collector config, and wire ports and probes to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AGENT_CONFIG, CONFIG_FILES, MAIN_CONFIG, readYaml, resolveEnv } from './collector-config';
import { ALL_ENV_VARS } from '../../packages/perf-otel/src/config/env-vars';
import { K8S_DIR, readCompose, readYamlDocuments } from './deploy-files';

type Manifest = { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown>; data?: Record<string, string> };
const manifests = ['namespace.yaml', 'otelcol-configmap.yaml', 'otelcol-gateway.yaml', 'otelcol-agent.yaml'].flatMap((f) =>
  readYamlDocuments(join(K8S_DIR, f)),
) as Manifest[];
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);

interface Container {
  image: string;
  args: string[];
  ports: Array<{ name: string; containerPort: number; hostPort?: number }>;
  readinessProbe: { httpGet: { port: string } };
  env: Array<{ name: string; value?: string }>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  volumeMounts: Array<{ name: string; mountPath: string }>;
}
type Workload = Manifest & {
  spec: {
    replicas?: number;
    template: { spec: { containers: Container[]; volumes: Array<{ name: string; configMap?: { name: string }; emptyDir?: object }> } };
  };
};
const deployment = byKind('Deployment')[0] as Workload;
const container = deployment.spec.template.spec.containers[0];
const agent = byKind('DaemonSet')[0] as Workload;
const agentContainer = agent.spec.template.spec.containers[0];
const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e.value]));
const MIB: Record<string, number> = { Mi: 1, Gi: 1024 };
const mib = (quantity: string) => Number(quantity.replace(/(Mi|Gi)$/, '')) * MIB[quantity.slice(-2)];

test('gateway and agent: Namespace, ConfigMap, Deployment, Service, PodDisruptionBudget and DaemonSet, all in the observability namespace', () => {
  expect(manifests.map((m) => m.kind)).toEqual(['Namespace', 'ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget', 'DaemonSet']);
  expect(manifests.filter((m) => m.kind !== 'Namespace').every((m) => m.metadata.namespace === 'observability')).toBe(true);
});

test('the Deployment runs the same pinned collector image as compose, with the ConfigMap it mounts', () => {
  expect(container.image).toBe(readCompose().services.otelcol.image);
  expect(deployment.spec.template.spec.volumes[0].configMap?.name).toBe(byKind('ConfigMap')[0].metadata.name);
  expect(agent.spec.template.spec.volumes[0].configMap?.name).toBe(byKind('ConfigMap')[0].metadata.name);
  expect(container.args).toEqual([
    '--config=/etc/otelcol/otelcol-config.yaml',
    '--config=/etc/otelcol/otelcol-remote-write.yaml',
    '--config=/etc/otelcol/otelcol-gateway.yaml',
  ]);
  expect(agentContainer.image).toBe(container.image);
  expect(agentContainer.args).toEqual(['--config=/etc/otelcol/otelcol-agent.yaml']);
});

test.each([
  ['gateway', () => deployment],
  ['agent', () => agent],
] as const)('%s: queue directory on a volume, memory_limiter and GOMEMLIMIT at the same value, inside the memory limit', (_name, workload) => {
  const c = workload().spec.template.spec.containers[0];
  const env = envOf(c);
  const mount = c.volumeMounts.find((m) => m.mountPath === env.OTELCOL_STORAGE_DIR);
  expect(mount).toBeDefined();
  expect(workload().spec.template.spec.volumes.find((v) => v.name === mount!.name)?.emptyDir).toBeDefined();
  expect(env.GOMEMLIMIT).toBe(`${env.OTELCOL_MEMORY_LIMIT_MIB}MiB`);
  // RSS runs ~1.4x the limiter's limit under a flood (back-pressure.test.ts): the container has 2x.
  expect(mib(c.resources.limits.memory)).toBe(2 * Number(env.OTELCOL_MEMORY_LIMIT_MIB));
  expect(c.resources.limits.cpu).toBeDefined();
});

test('the gateway runs several replicas behind the PodDisruptionBudget; agents reach it at its Service and expose OTLP on the node', () => {
  expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
  const pdb = byKind('PodDisruptionBudget')[0] as Manifest & { spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } };
  expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas!);
  expect(envOf(agentContainer).OTELCOL_GATEWAY_ENDPOINT).toBe(`${byKind('Service')[0].metadata.name}.observability.svc:4317`);
  const agentConfig = resolveEnv(readYaml(AGENT_CONFIG)) as { receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } } };
  const hostPorts = Object.fromEntries(agentContainer.ports.filter((p) => p.hostPort).map((p) => [p.name, p.hostPort]));
  expect(hostPorts).toEqual({
    'otlp-grpc': Number(agentConfig.receivers.otlp.protocols.grpc.endpoint.split(':')[1]),
    'otlp-http': Number(agentConfig.receivers.otlp.protocols.http.endpoint.split(':')[1]),
  });
});

test('the ConfigMap holds exactly collector/*.yaml (regenerate with node deploy/k8s/render-configmap.mjs)', () => {
  const data = byKind('ConfigMap')[0].data ?? {};
  for (const file of CONFIG_FILES) {
    const name = file.split('/').pop() as string;
    expect({ name, inSync: data[name] === readFileSync(file, 'utf8') }).toEqual({ name, inSync: true });
  }
});

test("container ports and the readiness probe match the collector config's default endpoints; the Service exposes OTLP", () => {
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
  expect(service.spec.ports.map((p) => [p.port, p.targetPort])).toEqual([
    [4317, 'otlp-grpc'],
    [4318, 'otlp-http'],
  ]);
});

type EnvVar = { name: string; value?: string; valueFrom?: { fieldRef: { fieldPath: string } } };
const exampleApp = parse(readFileSync(join(K8S_DIR, 'app-env-example.yaml'), 'utf8')) as {
  spec: { template: { spec: { containers: Array<{ name: string; env: EnvVar[] }> } } };
};
const exampleEnv = exampleApp.spec.template.spec.containers[0].env;

test('the example app sends OTLP to the gateway Service, sidecar-less', () => {
  const env = Object.fromEntries(exampleEnv.map((e) => [e.name, e.value]));
  expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otelcol-gateway.observability.svc:4318');
  expect(exampleApp.spec.template.spec.containers).toHaveLength(1);
});

test('the example app sets every K8S_* variable perf-otel reads, from the downward API where it has the field, and its owner', () => {
  const k8sVariables = ALL_ENV_VARS.map((v) => v.name)
    .filter((name) => name.startsWith('K8S_'))
    .sort();
  expect(
    exampleEnv
      .map((e) => e.name)
      .filter((name) => name.startsWith('K8S_'))
      .sort(),
  ).toEqual(k8sVariables);
  const fieldOf = Object.fromEntries(exampleEnv.map((e) => [e.name, e.valueFrom?.fieldRef.fieldPath ?? `value:${e.value}`]));
  expect(fieldOf).toMatchObject({
    K8S_POD_NAME: 'metadata.name',
    K8S_POD_UID: 'metadata.uid',
    K8S_NAMESPACE_NAME: 'metadata.namespace',
    K8S_NODE_NAME: 'spec.nodeName',
    K8S_CONTAINER_NAME: `value:${exampleApp.spec.template.spec.containers[0].name}`,
  });
  const attributes = exampleEnv.find((e) => e.name === 'OTEL_RESOURCE_ATTRIBUTES')!.value!;
  expect(attributes).toContain('owner.team=');
  expect(attributes).toContain('service.instance.id=$(K8S_POD_NAME)');
});
