// The Collector's own metric names that our docs, rules and dashboards use are read from the running
// binary's telemetry, not from memory: this release (0.165) writes them without `_total`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { freePort, makeTempDir, pollUntil, removeTempDir, startCollector, type RunningCollector } from '../harness';
import { GATEWAY_CONFIGS } from './support/tier';

const REPO_ROOT = join(__dirname, '../..');
const SEARCHED = [
  'deploy',
  'collector/README.md',
  'collector/otelcol-config.yaml',
  'collector/otelcol-gateway.yaml',
  'collector/otelcol-agent.yaml',
  'docs',
  'README.md',
  'packages/dashboards/src',
];

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
  /** A second one whose memory_limiter refuses everything (1 MiB): its counters appear too. */
  let starved: RunningCollector;
  let backend: Server;
  let storageDir: string;

  beforeAll(async () => {
    // The gateway file set (so the remote-write WAL and persistent queues report too), against a
    // backend that answers every write slowly with 400 (not retried): the failure counters appear,
    // and with a queue of one batch, so do enqueue failures.
    const port = await freePort();
    backend = createServer((req, res) => req.resume().on('end', () => setTimeout(() => res.writeHead(400).end('{"error":"refused by the test"}'), 500)));
    await new Promise<void>((resolve) => backend.listen(port, '127.0.0.1', resolve));
    storageDir = await makeTempDir('otelcol-telemetry-storage');
    collector = await startCollector({
      configs: GATEWAY_CONFIGS,
      env: {
        OTELCOL_INFLUXDB_ENDPOINT: `http://127.0.0.1:${port}`,
        OTELCOL_REMOTE_WRITE_ENDPOINT: `http://127.0.0.1:${port}/api/v1/write`,
        OTELCOL_BATCH_TIMEOUT: '50ms',
        OTELCOL_INFLUXDB_QUEUE_SIZE: '1',
        OTELCOL_INFLUXDB_QUEUE_CONSUMERS: '1',
        OTELCOL_STORAGE_DIR: storageDir,
        OTELCOL_REMOTE_WRITE_WAL_TRUNCATE_FREQUENCY: '100ms',
      },
    });
    starved = await startCollector({ env: { OTELCOL_INFLUXDB_ENDPOINT: `http://127.0.0.1:${port}`, OTELCOL_MEMORY_LIMIT_MIB: '1' } });
    const post = (to: RunningCollector, i: number) =>
      fetch(`${to.otlpHttpEndpoint}/v1/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          resourceMetrics: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'probe' } }] },
              scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ asDouble: i, timeUnixNano: String(Date.now() * 1e6) }] } }] }],
            },
          ],
        }),
      });
    for (let i = 0; i < 5; i++) {
      expect((await post(collector, i)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Refused with a retryable status: 503 over HTTP.
    await pollUntil('the 1 MiB memory_limiter to refuse', async () => ((await post(starved, 0)).status === 503 ? true : undefined), 20000);
  }, 60000);

  afterAll(async () => {
    await starved?.stop();
    await collector?.stop();
    await new Promise((resolve) => backend?.close(resolve));
    if (storageDir) await removeTempDir(storageDir);
  });

  it('every otelcol_* name in deploy/, docs and READMEs is one the binary exports', async () => {
    const used = namesWeUse();
    expect(used.size).toBeGreaterThan(5);
    let missing: string[] = [];
    try {
      await pollUntil(
        'the Collector telemetry to hold every name we use',
        async () => {
          const text = (await Promise.all([collector, starved].map(async (c) => (await fetch(`http://${c.telemetryTarget}/metrics`)).text()))).join('\n');
          const exported = new Set([...text.matchAll(/^(otelcol_[a-z_]+?)(?:_bucket|_sum|_count)?[{ ]/gm)].map((m) => m[1]));
          missing = [...used].filter(([name]) => !exported.has(name)).map(([name, file]) => `${name} (in ${file})`);
          return missing.length === 0 ? true : undefined;
        },
        20000,
      );
    } catch {
      throw new Error(`not exported by otelcol-perf-otel:\n${missing.join('\n')}`);
    }
  });
});
