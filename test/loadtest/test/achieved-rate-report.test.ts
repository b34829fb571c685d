// The report puts the achieved (sent) rate beside the declared one, and says when a stage did not
// deliver its load; from a fixed result, without a network.
import { renderTextReport, type RunResult, type StageResult } from '@org/perf-otel-loadtest';

function stage(name: string, declared: number, achievedRate: number): StageResult {
  const stats = {
    requests: Math.round(achievedRate * 40),
    errors: 0,
    errorRate: 0,
    throughput: achievedRate,
    achievedRate,
    latencyMs: { p50: 5, p90: 6, p95: 7, p99: 8, max: 9, mean: 5 },
    statuses: { 200: Math.round(achievedRate * 40) },
  };
  return {
    name,
    load: { kind: 'rate', from: declared, to: declared, maxConnections: 1000 },
    durationSeconds: 40,
    warmup: false,
    windows: [],
    total: stats,
    requests: {},
    thresholds: [],
    samples: { p95Ms: [], throughput: [], errorRate: [], heapBytes: [] },
  };
}

test('achieved beside declared; a stage that sent 49.7 of 60 req/s is listed as not delivered', () => {
  const stages = [stage('steady', 60, 49.7), stage('calm', 20, 20)];
  const result: RunResult = {
    format: 'perf-otel-loadtest/1',
    scenario: 's',
    target: 'http://127.0.0.1:1',
    startedAt: 'x',
    finishedAt: 'y',
    repeats: 1,
    stages,
    total: stages[0].total,
    thresholds: [],
    regression: { p95Increase: 0.1, throughputDrop: 0.1, errorRateIncrease: 0.05, memoryIncrease: 0.2, alpha: 0.05 },
  };
  const text = renderTextReport(result);
  expect(text).toMatch(/^steady\s+60 req\/s\s+49\.7 req\/s\s+1988 /m);
  expect(text).toMatch(/^calm\s+20 req\/s\s+20\.0 req\/s\s+800 /m);
  expect(text).toContain('Load not delivered');
  expect(text).toMatch(/^steady\s+60 req\/s\s+49\.7 req\/s\s+83%$/m);
  expect(text).not.toMatch(/^calm\s+20 req\/s\s+20\.0 req\/s\s+100%$/m);
});
