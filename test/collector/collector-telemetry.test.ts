// The Collector's own metric names that our docs, rules and dashboards use are read from the running
// binary's telemetry, not from memory: this release (0.165) writes them without `_total`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { freePort, pollUntil, startCollector, type RunningCollector } from '../harness';

const REPO_ROOT = join(__dirname, '../..');
const SEARCHED = ['deploy', 'collector/README.md', 'collector/otelcol-config.yaml', 'docs', 'README.md', 'packages/dashboards/src'];

function filesUnder(path: string): string[] {
  const full = join(REPO_ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((f) => filesUnder(join(path, f)));
}

/** Every otelcol_* name the repo mentions, with the first file that does. */
function namesWeUse(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of SEARCHED.flatMap(filesUnder)) {
    for (const m of readFileSync(join(REPO_ROOT, file), 'utf8').matchAll(/\botelcol_[a-z_]+/g)) if (!out.has(m[0])) out.set(m[0], file);
  }
  return out;
}

describe('Collector self-metrics named in the repo exist in the running binary', () => {
  let collector: RunningCollector;
  let influx: Server;

  beforeAll(async () => {
    // An InfluxDB that refuses every write (400, not retried): the failure counters appear too.
    const port = await freePort();
    influx = createServer((req, res) => req.resume().on('end', () => res.writeHead(400).end('{"error":"refused by the test"}')));
    await new Promise<void>((resolve) => influx.listen(port, '127.0.0.1', resolve));
    collector = await startCollector({ env: { OTELCOL_INFLUXDB_ENDPOINT: `http://127.0.0.1:${port}`, OTELCOL_BATCH_TIMEOUT: '100ms' } });
    const point = { resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'probe' } }] }, scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: String(Date.now() * 1e6) }] } }] }] }] };
    const res = await fetch(`${collector.otlpHttpEndpoint}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(point) });
    expect(res.status).toBe(200);
  }, 60000);

  afterAll(async () => {
    await collector?.stop();
    await new Promise((resolve) => influx?.close(resolve));
  });

  it('every otelcol_* name in deploy/, docs and READMEs is one the binary exports', async () => {
    const used = namesWeUse();
    expect(used.size).toBeGreaterThan(5);
    let missing: string[] = [];
    try {
      await pollUntil('the Collector telemetry to hold every name we use', async () => {
        const text = await (await fetch(`http://${collector.telemetryTarget}/metrics`)).text();
        const exported = new Set([...text.matchAll(/^(otelcol_[a-z_]+?)(?:_bucket|_sum|_count)?[{ ]/gm)].map((m) => m[1]));
        missing = [...used].filter(([name]) => !exported.has(name)).map(([name, file]) => `${name} (in ${file})`);
        return missing.length === 0 ? true : undefined;
      }, 20000);
    } catch {
      throw new Error(`not exported by otelcol-perf-otel:\n${missing.join('\n')}`);
    }
  });
});
