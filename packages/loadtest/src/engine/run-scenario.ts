// Runs a scenario's stages (repeated when asked), then turns what was recorded into a RunResult.
import type { PrometheusSource, Scenario } from '../scenario/scenario';
import { checkThresholds } from '../results/check-thresholds';
import { RESULT_FORMAT, type RunResult, type StageResult } from '../results/run-result';
import { combineServerWindows, ServerMetricsReader, type RawServerWindow, type WindowSeconds } from '../results/server-metrics';
import { mergeTallies, perSecondSamples, requestStats } from '../results/summarise';
import type { ProgressSink } from './progress';
import { probeTarget } from './probe-target';
import { createRequestPicker, type Random } from './request-picker';
import { runStage } from './run-stage';
import type { StageRecorder } from './stage-recorder';

export interface RunOptions {
  repeats?: number;
  prometheus?: PrometheusSource;
  progress?: ProgressSink;
  random?: Random;
  /** Told when Prometheus had no scrape after the run in time (server numbers may miss the end). */
  warn?: (message: string) => void;
}

interface StageRun {
  recorder: StageRecorder;
  start: number;
  end: number;
}

const seconds = (ms: number) => ms / 1000;

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const repeats = options.repeats ?? 1;
  const reader = options.prometheus ? new ServerMetricsReader(options.prometheus) : undefined;
  await probeTarget(scenario.target);
  await reader?.checkReachable();
  const pick = createRequestPicker(scenario.requests, new URL(scenario.target).pathname.replace(/\/$/, ''), options.random);
  const requestNames = scenario.requests.map((request) => request.name);
  const runs: StageRun[][] = scenario.stages.map(() => []);
  const startedAt = new Date();
  try {
    for (let repeat = 1; repeat <= repeats; repeat++) {
      for (const [index, stage] of scenario.stages.entries()) {
        const report = (recorder: StageRecorder, elapsedSeconds: number) =>
          options.progress?.update({
            stage: stage.name,
            stageIndex: index,
            stageCount: scenario.stages.length,
            repeat,
            repeats,
            elapsedSeconds,
            durationSeconds: stage.durationSeconds,
            requests: recorder.total.attempts,
            errors: recorder.total.errors,
          });
        const start = Date.now();
        const recorder = await runStage(stage, { target: scenario.target, timeoutSeconds: scenario.timeoutSeconds, requestNames, pick, onSecond: report });
        runs[index].push({ recorder, start, end: Date.now() });
      }
    }
  } finally {
    options.progress?.finish();
  }
  const finishedAt = new Date();

  let serverWindows: RawServerWindow[][] | undefined;
  let runServer: RawServerWindow[] | undefined;
  if (reader) {
    const end = seconds(Math.max(...runs.flat().map((run) => run.end)));
    const settledAt = await reader.waitForScrapeAfter(end);
    if (settledAt === undefined) {
      options.warn?.('Prometheus has no scrape of the service after the run ended; server-side counts may miss its last seconds');
    }
    // Windows are back to back, so per-stage counts are exact to a scrape interval; the last
    // window's counters are read at the scrape after the run, which makes the run's total exact.
    const read = (window: WindowSeconds) => reader.read(window, window.end >= end && settledAt !== undefined ? settledAt : window.end);
    serverWindows = await Promise.all(runs.map((stageRuns) => Promise.all(stageRuns.map((run) => read({ start: seconds(run.start), end: seconds(run.end) })))));
    runServer = await Promise.all(
      Array.from({ length: repeats }, (_, repeat) =>
        read({
          start: seconds(runs[0][repeat].start),
          end: seconds(runs[runs.length - 1][repeat].end),
        }),
      ),
    );
  }

  const stages: StageResult[] = scenario.stages.map((stage, index) => {
    const stageRuns = runs[index];
    const elapsed = stageRuns.reduce((sum, run) => sum + seconds(run.end - run.start), 0);
    const total = requestStats(mergeTallies(stageRuns.map((run) => run.recorder.total)), elapsed);
    const requests = Object.fromEntries(
      requestNames.map((name) => [name, requestStats(mergeTallies(stageRuns.flatMap((run) => run.recorder.perRequest.get(name) ?? [])), elapsed)]),
    );
    const samples = perSecondSamples(stageRuns.flatMap((run) => run.recorder.seconds));
    const windows = serverWindows?.[index];
    if (windows) samples.heapBytes = windows.flatMap((window) => window.heap);
    return {
      name: stage.name,
      load: stage.load,
      warmup: stage.warmup,
      durationSeconds: stage.durationSeconds,
      windows: stageRuns.map((run) => ({ start: new Date(run.start).toISOString(), end: new Date(run.end).toISOString() })),
      total,
      requests,
      thresholds: checkThresholds(stage.thresholds, total),
      server: windows ? combineServerWindows(windows) : undefined,
      samples,
    };
  });

  const statsOf = (stageRuns: StageRun[]) =>
    requestStats(
      mergeTallies(stageRuns.map((run) => run.recorder.total)),
      stageRuns.reduce((sum, run) => sum + seconds(run.end - run.start), 0),
    );
  const total = statsOf(runs.flat());
  // Run-level thresholds judge the service warmed up: warm-up stages are shown but not judged.
  const judged = scenario.stages.some((stage) => stage.warmup) ? statsOf(runs.filter((_, index) => !scenario.stages[index].warmup).flat()) : total;
  return {
    format: RESULT_FORMAT,
    scenario: scenario.name,
    target: scenario.target,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    repeats,
    stages,
    total,
    thresholds: checkThresholds(scenario.thresholds, judged),
    server: runServer ? combineServerWindows(runServer) : undefined,
    regression: scenario.regression,
  };
}
