// A target that is down stops the run with a clear error instead of reporting connection errors
// as latency.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, makeTempDir, pollUntil, removeTempDir, startChildApp } from '../../harness';
import { scrape, sumOf } from '../../e2e/support/prom-text';
import { startLoadTarget } from '../support/load-target';
import { CLI, runLoadtest, writeScenario } from '../support/run-loadtest';

const scenario = (target: string, seconds: number) => `target: ${target}
stages:
  - { name: steady, duration: ${seconds}s, rate: 20 }
requests:
  - { path: /api/items }
`;

describe('a target that is down', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir('loadtest-down');
  });
  afterEach(async () => {
    await removeTempDir(dir);
  });

  it('is found before the first stage: one clear line, exit 1, no results', async () => {
    const port = await freePort();
    await writeScenario(dir, 'down.yaml', scenario(`http://127.0.0.1:${port}`, 2));
    const run = await runLoadtest(dir, ['down.yaml', '--out', 'results.json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `perf-otel loadtest: target http://127.0.0.1:${port} is not answering (ECONNREFUSED) before the first stage; ` +
        'start the service or fix "target" in the scenario. No results were recorded for this run.\n',
    );
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
  });

  it('that dies during a stage aborts the stage instead of timing a storm of errors', async () => {
    const target = await startLoadTarget();
    await writeScenario(dir, 'dies.yaml', scenario(target.url, 60));
    const cli = await startChildApp({ script: CLI, args: ['loadtest', 'dies.yaml', '--out', 'results.json'], cwd: dir });
    try {
      // Kill the service once it has answered load-test requests, i.e. mid-stage.
      await pollUntil(
        'the target to have served requests',
        async () => (sumOf(await scrape(target.metricsPort), 'http_server_request_duration_seconds_count') > 0 ? true : undefined),
        30000,
      );
      await target.stop('SIGKILL');
      const run = await cli.exited;
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(
          `^perf-otel loadtest: target ${target.url} is not answering \\((ECONNREFUSED|ECONNRESET)\\) during stage "steady"; ` +
            'start the service or fix "target" in the scenario. No results were recorded for this run.\\n$',
        ),
      );
      expect(existsSync(join(dir, 'results.json'))).toBe(false);
    } finally {
      await cli.stop('SIGKILL');
      await target.stop('SIGKILL');
    }
  });
});
