// The service's own container: a real cgroup with limits the test sets (cgroup v2, or v1 where the
// host binds cpu and memory to v1), a real app inside it under the register, and what its
// Prometheus endpoint says about the limits, throttling and memory.
import { createCgroupSandbox, freePort, pollUntil, startChildApp, type CgroupFlavour, type ChildApp, type SandboxResult } from '../../harness';
import { fixture } from '../support/paths';
import { scrape, sumOf, type Sample } from '../support/prom-text';
import { REGISTER, REPO_ROOT, runInstrumented, send } from '../support/run-app';

const MIB = 1024 * 1024;
const LIMITS = { cpuQuotaMicros: 20000, cpuPeriodMicros: 100000, memoryBytes: 256 * MIB };

async function startInCgroup(procs: string[], nodeOptions: string): Promise<ChildApp & { metricsPort: number; port: number }> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const app = await startChildApp({
    script: fixture('cpu-burn.js'),
    cwd: REPO_ROOT,
    require: [REGISTER],
    cgroupProcs: procs,
    waitForPort: port,
    env: {
      PORT: String(port),
      NODE_OPTIONS: nodeOptions,
      OTEL_SERVICE_NAME: 'burner',
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    },
  });
  return Object.assign(app, { port, metricsPort });
}

const one = (samples: Sample[], name: string, match: Record<string, string> = {}) => {
  const found = samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
  if (found.length !== 1) throw new Error(`expected one ${name} ${JSON.stringify(match)}, got ${found.length}`);
  return found[0];
};

/** CPU-bound requests, one at a time, until the kernel has throttled the container (bounded). */
async function burnUntilThrottled(app: { port: number; metricsPort: number }): Promise<Sample[]> {
  for (let i = 0; i < 200; i++) {
    expect(await send(app.port, '/burn?ms=30')).toBe(200);
    const samples = await scrape(app.metricsPort);
    if (sumOf(samples, 'perf_otel_container_cpu_throttled_periods_total') > 0) return samples;
  }
  throw new Error('200 CPU-bound requests of 30 ms under a 0.2 CPU quota were never throttled');
}

const sandboxes = new Map<CgroupFlavour, SandboxResult>();
const sandboxFor = (flavour: CgroupFlavour) => {
  if (!sandboxes.has(flavour)) sandboxes.set(flavour, createCgroupSandbox(flavour, LIMITS));
  return sandboxes.get(flavour)!;
};
afterAll(() => {
  for (const r of sandboxes.values()) if ('sandbox' in r) r.sandbox.remove();
});

describe.each(['v2', 'v1'] as const)('an app in a cgroup %s with 0.2 CPU and 256 MiB', (flavour) => {
  const result = sandboxFor(flavour);
  // Skipped only where the kernel cannot give this flavour its controllers: a cpu or memory
  // controller belongs to one hierarchy at a time, so on a hybrid host (controllers bound to v1, as
  // on the project's own machines) no cgroup v2 group can have cpu.max or memory.max, and on a pure
  // v2 host there is no v1 hierarchy; without root nothing can be created. The reason, as
  // createCgroupSandbox found it, is the skipped test's title.
  if ('skip' in result) {
    it.skip(`skipped: ${result.skip}`, () => {});
    return;
  }
  const { sandbox } = result;

  it('exports exactly the limits set, throttling of a CPU-bound request loop, memory against the limit, and its container.id', async () => {
    const app = await startInCgroup(sandbox.procs, '--max-old-space-size=128');
    try {
      const samples = await burnUntilThrottled(app);
      expect(one(samples, 'perf_otel_container_cpu_limit').value).toBe(0.2);
      expect(one(samples, 'perf_otel_container_memory_limit_bytes').value).toBe(256 * MIB);
      const throttled = one(samples, 'perf_otel_container_cpu_throttled_periods_total').value;
      expect(throttled).toBeGreaterThan(0);
      expect(one(samples, 'perf_otel_container_cpu_periods_total').value).toBeGreaterThanOrEqual(throttled);
      expect(one(samples, 'perf_otel_container_cpu_throttled_time_seconds_total').value).toBeGreaterThan(0);
      expect(one(samples, 'container_cpu_time_seconds_total', { cpu_mode: 'user' }).value).toBeGreaterThan(0);
      expect(one(samples, 'container_cpu_usage').value).toBeGreaterThan(0);
      expect(one(samples, 'perf_otel_container_cpu_limit_utilization_ratio').value).toBe(one(samples, 'container_cpu_usage').value / 0.2);
      const usage = one(samples, 'container_memory_usage_bytes').value;
      const workingSet = one(samples, 'container_memory_working_set_bytes').value;
      expect(usage).toBeGreaterThan(0);
      expect(usage).toBeLessThanOrEqual(256 * MIB);
      expect(workingSet).toBeLessThanOrEqual(usage);
      expect(one(samples, 'perf_otel_container_memory_limit_utilization_ratio').value).toBe(workingSet / (256 * MIB));
      expect(one(samples, 'perf_otel_container_memory_oom_kills_total').value).toBe(0);
      // Every series names its container: the id is the last segment of the cgroup path.
      expect(one(samples, 'perf_otel_container_cpu_limit').labels.container_id).toBe(sandbox.id);
      if (flavour === 'v2')
        expect(one(samples, 'perf_otel_container_memory_pressure_stall_time_seconds_total', { perf_otel_pressure_scope: 'some' }).value).toBeGreaterThanOrEqual(
          0,
        );
      expect(app.stderr()).not.toContain('heap limit');
    } finally {
      await app.stop();
    }
  });

  it("warns at start, with the exact numbers and fix, when the V8 heap may grow past the container's memory", async () => {
    const app = await startInCgroup(sandbox.procs, '--max-old-space-size=512');
    try {
      const heap = Number(/heap_size_limit=(\d+)/.exec(app.stdout())![1]);
      expect(heap).toBeGreaterThan(256 * MIB);
      expect(app.stderr()).toContain(
        `perf-otel: the V8 heap limit (${Math.round(heap / MIB)} MiB) is above the container memory limit ` +
          `(256 MiB, ${sandbox.memoryLimitFile}): the kernel will OOM-kill the process before V8 runs out of heap. ` +
          "Set NODE_OPTIONS=--max-old-space-size=192 (75 % of the container limit) or raise the container's memory limit.\n",
      );
    } finally {
      await app.stop();
    }
  });
});

describe('an app in a cgroup v2 without the cpu and memory controllers (hybrid host)', () => {
  const result = sandboxFor('v2-no-controllers');
  // Skipped where no cgroup2 mount is found or without root (reason in the title, as above).
  if ('skip' in result) {
    it.skip(`skipped: ${result.skip}`, () => {});
    return;
  }
  const { sandbox } = result;

  it("reports the group's CPU time and CPU pressure from cgroup v2, and no CPU limit (there is none)", async () => {
    const app = await startInCgroup(sandbox.procs, '');
    try {
      for (let i = 0; i < 5; i++) expect(await send(app.port, '/burn?ms=30')).toBe(200);
      const samples = await pollUntil(
        'container CPU time',
        async () => {
          const s = await scrape(app.metricsPort);
          return sumOf(s, 'container_cpu_time_seconds_total', { cpu_mode: 'user' }) > 0 ? s : undefined;
        },
        10000,
      );
      expect(one(samples, 'container_cpu_time_seconds_total', { cpu_mode: 'user' }).labels.container_id).toBe(sandbox.id);
      expect(samples.filter((s) => s.name === 'perf_otel_container_cpu_limit')).toEqual([]);
      expect(samples.filter((s) => s.name === 'perf_otel_container_cpu_throttled_periods_total')).toEqual([]);
      expect(one(samples, 'perf_otel_container_cpu_pressure_stall_time_seconds_total', { perf_otel_pressure_scope: 'some' }).value).toBeGreaterThanOrEqual(0);
    } finally {
      await app.stop();
    }
  });
});

describe('Kubernetes and ownership resource attributes', () => {
  it('come from the downward-API variables and OTEL_RESOURCE_ATTRIBUTES (which wins) as labels of every series', async () => {
    const app = await runInstrumented('plain-http.js', {
      K8S_POD_NAME: 'shop-7d9f8c6b5-x2x9q',
      K8S_POD_UID: '1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809',
      K8S_NAMESPACE_NAME: 'payments',
      K8S_NODE_NAME: 'node-from-downward-api',
      K8S_CONTAINER_NAME: 'shop',
      K8S_DEPLOYMENT_NAME: 'shop',
      OTEL_RESOURCE_ATTRIBUTES: 'k8s.node.name=node-a,owner.team=payments-team,owner.project=checkout',
    });
    try {
      const uptime = one(await scrape(app.metricsPort), 'process_uptime_seconds');
      expect(uptime.labels).toMatchObject({
        k8s_pod_name: 'shop-7d9f8c6b5-x2x9q',
        k8s_pod_uid: '1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809',
        k8s_namespace_name: 'payments',
        k8s_node_name: 'node-a',
        k8s_container_name: 'shop',
        k8s_deployment_name: 'shop',
        owner_team: 'payments-team',
        owner_project: 'checkout',
      });
      expect(uptime.labels.owner_user).toBeUndefined();
    } finally {
      await app.stop();
    }
  });
});
