// The Containers dashboard against a real Prometheus scraping real apps inside cgroups with limits
// the test creates: two services of two owner teams, one of them kept CPU-bound so it is throttled.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createCgroupSandbox, freePort, startChildApp, startPrometheus, type CgroupSandbox, type ChildApp, type RunningPrometheus } from '../../harness';
import { loadDashboard, REPO_ROOT } from './dashboard-files';
import { panelsWithoutData, panelTargets, substituteVariables } from './panel-targets';

const FILE = 'containers.json';
const FIXTURE = join(REPO_ROOT, 'test/e2e/fixtures/cpu-burn.js');
const RULE_FILES = [join(REPO_ROOT, 'deploy/prometheus/rules/perf-otel-containers.yml')];
const LIMITS = { cpuQuotaMicros: 20000, cpuPeriodMicros: 100000, memoryBytes: 256 * 1024 * 1024 };
const VARIABLE_VALUES: Record<string, string> = {
  service: '.*',
  environment: 'production',
  instance: '.*',
  owner_team: '.*',
  owner_project: '.*',
  __rate_interval: '1m',
  __range: '10m',
  __interval: '15s',
};

// A container with limits (cgroup v2, else v1); on a hybrid host PSI comes only from a v2 group
// without controllers, so the second service runs there when that is what the host has.
const limited = (['v2', 'v1'] as const).map((flavour) => createCgroupSandbox(flavour, LIMITS));
const limitedSandbox = limited.flatMap((r) => ('sandbox' in r ? [r.sandbox] : []))[0];
const psiResult = limitedSandbox?.flavour === 'v1' ? createCgroupSandbox('v2-no-controllers', LIMITS) : undefined;
const psiSandbox = psiResult && 'sandbox' in psiResult ? psiResult.sandbox : undefined;
// Memory PSI needs the memory controller on v2; CPU PSI any v2 group.
const hasCpuPsi = limitedSandbox?.flavour === 'v2' || psiSandbox !== undefined;
const hasMemoryPsi = limitedSandbox?.flavour === 'v2';
const leftOut = (query: string) => (!hasCpuPsi && query.includes('cpu_pressure')) || (!hasMemoryPsi && query.includes('memory_pressure'));

const describeIfCgroup = limitedSandbox ? describe : describe.skip;
const skipReason = limited.flatMap((r) => ('skip' in r ? [r.skip] : [])).join('; ');

describeIfCgroup(
  `Containers dashboard panel queries against a real Prometheus and apps in real cgroups${limitedSandbox ? '' : ` (skipped: ${skipReason})`}`,
  () => {
    const apps: ChildApp[] = [];
    let prometheus: RunningPrometheus;
    let burning = true;
    let burner: Promise<void> = Promise.resolve();

    async function startService(sandbox: CgroupSandbox, name: string, owner: string): Promise<{ port: number; metricsPort: number }> {
      const [port, metricsPort] = [await freePort(), await freePort()];
      apps.push(
        await startChildApp({
          script: FIXTURE,
          cwd: REPO_ROOT,
          require: ['@org/perf-otel/register'],
          cgroupProcs: sandbox.procs,
          waitForPort: port,
          env: {
            PORT: String(port),
            OTEL_SERVICE_NAME: name,
            OTEL_METRIC_EXPORT_INTERVAL: '1000',
            OTEL_RESOURCE_ATTRIBUTES: `deployment.environment.name=production,${owner}`,
            OTEL_METRICS_EXPORTER: 'prometheus',
            OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
          },
        }),
      );
      return { port, metricsPort };
    }

    beforeAll(async () => {
      const checkout = await startService(limitedSandbox!, 'checkout', 'owner.team=payments,owner.project=checkout,owner.user=alice');
      const search = await startService(psiSandbox ?? limitedSandbox!, 'search', 'owner.team=search,owner.project=catalog,owner.user=bob');
      prometheus = await startPrometheus({ scrapeTargets: [`127.0.0.1:${checkout.metricsPort}`, `127.0.0.1:${search.metricsPort}`], ruleFiles: RULE_FILES });
      // CPU-bound requests, one at a time, for as long as the test runs: the 0.2 CPU quota throttles them.
      burner = (async () => {
        while (burning) {
          for (const port of [checkout.port, search.port]) {
            await fetch(`http://127.0.0.1:${port}/burn?ms=30`).then(
              (r) => r.arrayBuffer(),
              () => undefined,
            );
          }
          await delay(10);
        }
      })();
      await prometheus.waitFor('job_instance:perf_otel_container_cpu_throttled_periods:ratio_rate5m', undefined, 60000);
    }, 120000);

    afterAll(async () => {
      burning = false;
      await burner;
      await prometheus?.stop();
      for (const app of apps) await app.stop();
      limitedSandbox?.remove();
      psiSandbox?.remove();
    });

    const note = [hasCpuPsi ? '' : 'CPU pressure', hasMemoryPsi ? '' : 'memory pressure'].filter(Boolean).join(' and ');
    it(`every panel query answers without error and with data${note ? ` (${note} left out: no cgroup v2 group with that controller on this host)` : ''}`, async () => {
      const targets = panelTargets(FILE, loadDashboard(FILE)).filter((t) => !leftOut(t.query));
      expect(await panelsWithoutData(prometheus, targets, VARIABLE_VALUES, 30000)).toEqual([]);
    });

    it('offers both owner teams and projects, and draws one line per team', async () => {
      const dashboard = loadDashboard(FILE);
      const values = async (name: string) => {
        const variable = dashboard.templating.list.find((v) => v.name === name)!;
        const [, selector, label] = /^label_values\((.+), (\w+)\)$/s.exec(typeof variable.query === 'string' ? variable.query : variable.query!.query)!;
        const response = await fetch(
          `${prometheus.url}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': substituteVariables(selector, VARIABLE_VALUES) })}`,
        );
        return ((await response.json()) as { data: string[] }).data;
      };
      expect(await values('owner_team')).toEqual(['payments', 'search']);
      expect(await values('owner_project')).toEqual(['catalog', 'checkout']);
      const memoryByTeam = panelTargets(FILE, dashboard).find((t) => t.panel === 'Memory by team' && t.refId === 'A')!;
      const series = await prometheus.query(substituteVariables(memoryByTeam.query, VARIABLE_VALUES));
      expect(series.map((s) => s.metric.owner_team).sort()).toEqual(['payments', 'search']);
    });
  },
);
