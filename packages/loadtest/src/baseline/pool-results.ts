import type { RunResult, StageResult } from '../results/run-result';

/**
 * Several stored runs of one scenario as one: per stage, the per-second samples of all of them, so
 * the gate can compare runs that were interleaved in time (A, B, A, B…) rather than back to back.
 * Everything but the samples is the first run's.
 */
export function poolResults(results: RunResult[]): RunResult {
  const [first, ...rest] = results;
  const stages: StageResult[] = first.stages.map((stage) => {
    const matching = rest.flatMap((result) => result.stages.filter((candidate) => candidate.name === stage.name));
    const all = [stage, ...matching];
    return {
      ...stage,
      windows: all.flatMap((entry) => entry.windows),
      samples: {
        p95Ms: all.flatMap((entry) => entry.samples.p95Ms),
        throughput: all.flatMap((entry) => entry.samples.throughput),
        errorRate: all.flatMap((entry) => entry.samples.errorRate),
        heapBytes: all.flatMap((entry) => entry.samples.heapBytes),
      },
    };
  });
  return { ...first, repeats: results.reduce((sum, result) => sum + result.repeats, 0), stages };
}
