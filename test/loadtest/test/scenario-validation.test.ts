// A scenario with a mistake gets one line naming the file, the line and the fix.
import { join } from 'node:path';
import { loadScenario, parseScenario, ScenarioError } from '@org/perf-otel-loadtest';
import { makeTempDir, removeTempDir } from '../../harness';
import { runLoadtest, writeScenario } from '../support/run-loadtest';

const FILE = 'scenario.yaml';

/** The message parseScenario gives for `yaml`, or a failure if it accepts it. */
function mistake(yaml: string): string {
  try {
    parseScenario(FILE, yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('the scenario was accepted');
}

const scenario = (stage: string, extra = '') => `target: http://127.0.0.1:3000
stages:
  - name: steady
${stage}
requests:
  - path: /api/items
${extra}`;

describe('scenario validation', () => {
  it('accepts a valid scenario with ramp, tenant headers, payloads and thresholds', () => {
    const parsed = parseScenario(
      FILE,
      `target: http://127.0.0.1:3000/base/
stages:
  - { name: ramp-up, duration: 2s, rate: { from: 5, to: 50 } }
  - { name: users, duration: 1m, connections: 8, thresholds: ["p99 < 1s"] }
requests:
  - { name: list, weight: 3, path: /items, headers: { x-tenant-id: [acme, globex] } }
  - { name: upload, method: post, path: /upload, payload: { size: 1kb..64kb } }
thresholds: ["p95 < 500ms", "error_rate < 1%"]
regression: { p95: 10%, memory: 50% }
`,
    );
    expect(parsed.target).toBe('http://127.0.0.1:3000/base');
    expect(parsed.stages.map((stage) => [stage.name, stage.durationSeconds, stage.load])).toEqual([
      ['ramp-up', 2, { kind: 'rate', from: 5, to: 50, maxConnections: 100 }],
      ['users', 60, { kind: 'connections', connections: 8 }],
    ]);
    expect(parsed.stages[1].thresholds).toEqual([{ text: 'p99 < 1s', metric: 'p99', comparison: '<', value: 1000 }]);
    expect(parsed.requests[0].headers).toEqual({ 'x-tenant-id': ['acme', 'globex'] });
    expect(parsed.requests[1]).toMatchObject({ method: 'POST', payload: { minBytes: 1024, maxBytes: 65536 } });
    expect(parsed.thresholds.map((threshold) => [threshold.metric, threshold.value])).toEqual([
      ['p95', 500],
      ['error_rate', 0.01],
    ]);
    expect(parsed.regression).toEqual({ p95Increase: 0.1, throughputDrop: 0.15, errorRateIncrease: 0.05, memoryIncrease: 0.5, alpha: 0.05 });
  });

  it('accepts the documented example', () => {
    const example = loadScenario(join(__dirname, '../../../packages/loadtest/examples/checkout.yaml'));
    expect(example.stages.map((stage) => stage.name)).toEqual(['warm-up', 'ramp-up', 'steady', 'spike', 'users']);
    expect(example.requests[1].body).toBe('{"name":"widget","quantity":3}');
    expect(example.prometheus).toEqual({ url: 'http://127.0.0.1:9090', selector: 'job="checkout"' });
  });

  it('names the line of a duration it cannot read', () => {
    expect(mistake(scenario('    duration: 3 sec\n    rate: 10'))).toBe(
      'scenario.yaml:4: stages[0].duration "3 sec" is not a duration; write e.g. 30s, 500ms or 2m',
    );
  });

  it('suggests the key a typo meant', () => {
    expect(mistake(scenario('    duraton: 3s\n    rate: 10'))).toBe('scenario.yaml:4: unknown key "duraton" in stages[0]; did you mean "duration"?');
  });

  it('rejects a rate that is not a whole number of requests per second', () => {
    expect(mistake(scenario('    duration: 3s\n    rate: lots'))).toBe(
      'scenario.yaml:5: stages[0].rate must be a whole number of requests per second (1 or more); write e.g. rate: 50 or rate: { from: 10, to: 100 }',
    );
  });

  it('asks for a load when a stage has neither rate nor connections', () => {
    expect(mistake(scenario('    duration: 3s'))).toBe(
      'scenario.yaml:3: stage "steady" needs a load; add rate: 50 (requests/s, open model) or connections: 10 (closed model)',
    );
  });

  it('explains a threshold it cannot read, on its own line', () => {
    expect(mistake(scenario('    duration: 3s\n    rate: 10', 'thresholds:\n  - p95 < 500ms\n  - p95 < fast\n'))).toBe(
      'scenario.yaml:10: "fast" is not a value for p95; write e.g. p95 < 500ms',
    );
    expect(mistake(scenario('    duration: 3s\n    rate: 10', 'thresholds: ["latency < 5ms"]\n'))).toBe(
      'scenario.yaml:8: unknown threshold metric "latency"; use one of p50, p90, p95, p99, max, mean, error_rate, throughput',
    );
  });

  it('wants paths to start with a slash', () => {
    expect(mistake('target: http://127.0.0.1:3000\nstages: [{ duration: 1s, rate: 1 }]\nrequests:\n  - path: api/items\n')).toBe(
      'scenario.yaml:4: path "api/items" must start with /; write e.g. path: /api/items',
    );
  });

  it('names the missing target', () => {
    expect(mistake('stages: [{ duration: 1s, rate: 1 }]\nrequests: [{ path: / }]\n')).toBe(
      'scenario.yaml:1: target is missing; add e.g. target: http://127.0.0.1:3000',
    );
  });

  it('reports broken YAML at its line', () => {
    expect(mistake('target: http://127.0.0.1:3000\nstages:\n  - name: a\n   duration: 1s\n')).toMatch(
      /^scenario\.yaml:4: not valid YAML \(.+\); check the indentation and quoting on this line$/,
    );
  });

  it('the CLI prints the one line (no stack trace) and exits 2', async () => {
    const dir = await makeTempDir('loadtest-validation');
    try {
      await writeScenario(dir, FILE, scenario('    duration: 3 sec\n    rate: 10'));
      const run = await runLoadtest(dir, [FILE]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`perf-otel loadtest: ${dir}/${FILE}:4: stages[0].duration "3 sec" is not a duration; write e.g. 30s, 500ms or 2m\n`);
    } finally {
      await removeTempDir(dir);
    }
  });

  it('a baseline that is not a results file is named before any load is sent', async () => {
    const dir = await makeTempDir('loadtest-validation');
    try {
      await writeScenario(dir, FILE, scenario('    duration: 3s\n    rate: 10'));
      await writeScenario(dir, 'baseline.json', '{"stages": 3}');
      const run = await runLoadtest(dir, [FILE, '--baseline', 'baseline.json']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `perf-otel loadtest: ${dir}/baseline.json is not a perf-otel loadtest results file (format perf-otel-loadtest/1); ` +
          `record one with --save-baseline ${dir}/baseline.json\n`,
      );
    } finally {
      await removeTempDir(dir);
    }
  });
});
