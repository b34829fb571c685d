import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { freePort, LOOPBACK } from '../free-port';
import { startPrometheus, type RunningPrometheus } from '../prometheus';

// A scrape target serving one known counter in the Prometheus text format.
let target: Server;
let targetPort: number;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  targetPort = await freePort();
  target = createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end('# TYPE harness_probe_total counter\nharness_probe_total{route="/a"} 42\n');
  });
  await new Promise<void>((resolve) => target.listen(targetPort, LOOPBACK, resolve));
  prometheus = await startPrometheus({ scrapeTargets: [`${LOOPBACK}:${targetPort}`] });
});

afterAll(async () => {
  await prometheus?.stop();
  await new Promise((resolve) => target?.close(resolve));
});

test('startPrometheus scrapes the target and waitFor returns the stored sample with its labels', async () => {
  const samples = await prometheus.waitFor('harness_probe_total');
  expect(samples).toHaveLength(1);
  expect(samples[0].metric).toEqual({
    __name__: 'harness_probe_total',
    route: '/a',
    job: 'perf-otel-test',
    instance: `${LOOPBACK}:${targetPort}`,
  });
  expect(samples[0].value[1]).toBe('42');
  const [health] = await prometheus.targets();
  expect(health.health).toBe('up');
});

test("query rejects bad PromQL with Prometheus's own error", async () => {
  await expect(prometheus.query('sum(')).rejects.toThrow(/bad_data/);
});

test('queryRange returns a range vector', async () => {
  const now = Date.now() / 1000;
  const series = await prometheus.queryRange('harness_probe_total', now - 60, now, 1);
  expect(series).toHaveLength(1);
  expect(series[0].values.every(([, v]) => v === '42')).toBe(true);
});

test('stop ends the process and removes the temp dir', async () => {
  const extra = await startPrometheus();
  await extra.stop();
  expect(() => process.kill(extra.pid, 0)).toThrow();
  expect(existsSync(extra.dataDir)).toBe(false);
});
