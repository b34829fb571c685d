// `perf-otel loadtest`: load the scenario, run it, judge it (thresholds, baseline), write the
// reports. Returns the exit code CI acts on: 0 pass, 1 threshold failed or regression.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compareRuns } from './baseline/compare-runs';
import { poolResults } from './baseline/pool-results';
import { readResults } from './baseline/read-results';
import type { ProgressSink } from './engine/progress';
import { runScenario } from './engine/run-scenario';
import { renderHtmlReport } from './report/html';
import { renderMarkdownReport } from './report/markdown';
import { comparisonSection } from './report/sections';
import { renderSection, renderTextReport } from './report/text-table';
import type { RunResult } from './results/run-result';
import { loadScenario } from './scenario/parse-scenario';
import type { RegressionLimits } from './scenario/scenario';

export const STDOUT = '-';

export interface LoadtestOptions {
  scenarioFile: string;
  cwd: string;
  /** Overrides the scenario's target (e.g. the same scenario against staging). */
  target?: string;
  repeats: number;
  prometheusUrl?: string;
  prometheusSelector?: string;
  out?: string;
  /** A file, or "-" to print Markdown instead of the table. */
  markdown?: string;
  html?: string;
  /** Stored runs pooled into the baseline. */
  baseline: string[];
  saveBaseline?: string;
  /** Flag values that win over the scenario's `regression:` block. */
  limits: Partial<RegressionLimits>;
  progress?: ProgressSink;
  print(text: string): void;
  warn(text: string): void;
}

const failed = (result: RunResult) =>
  [...result.thresholds, ...result.stages.flatMap((stage) => stage.thresholds)].some((outcome) => !outcome.passed) || result.comparison?.regression === true;

export async function runLoadtest(options: LoadtestOptions): Promise<number> {
  const path = (file: string) => resolve(options.cwd, file);
  const scenario = loadScenario(path(options.scenarioFile));
  if (options.target) scenario.target = options.target.replace(/\/+$/, '');
  // Read the baseline before spending minutes on load: a wrong path should fail at once.
  const baseline = readBaseline(options.baseline, path);
  const prometheus = options.prometheusUrl
    ? { url: options.prometheusUrl, selector: options.prometheusSelector ?? scenario.prometheus?.selector ?? '' }
    : scenario.prometheus;
  const result = await runScenario(scenario, { repeats: options.repeats, prometheus, progress: options.progress, warn: options.warn });
  if (baseline) result.comparison = compareRuns(result, baseline, options.baseline.join(', '), { ...scenario.regression, ...options.limits });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (options.out) writeFileSync(path(options.out), json);
  if (options.saveBaseline) writeFileSync(path(options.saveBaseline), json);
  if (options.html) writeFileSync(path(options.html), renderHtmlReport(result));
  if (options.markdown && options.markdown !== STDOUT) writeFileSync(path(options.markdown), renderMarkdownReport(result));
  options.print(options.markdown === STDOUT ? renderMarkdownReport(result) : renderTextReport(result));
  return failed(result) ? 1 : 0;
}

function readBaseline(files: string[], path: (file: string) => string): RunResult | undefined {
  return files.length === 0 ? undefined : poolResults(files.map((file) => readResults(path(file))));
}

export interface CompareOptions {
  /** Stored runs pooled as the run under judgement. */
  current: string[];
  baseline: string[];
  cwd: string;
  limits: Partial<RegressionLimits>;
  print(text: string): void;
}

/**
 * Judges stored runs against stored runs (`--compare a.json --compare b.json --baseline c.json …`):
 * the gate for runs made elsewhere, or interleaved in time so a drifting machine affects both sides.
 */
export function compareStoredRuns(options: CompareOptions): number {
  const path = (file: string) => resolve(options.cwd, file);
  const current = poolResults(options.current.map((file) => readResults(path(file))));
  const baseline = readBaseline(options.baseline, path)!;
  current.comparison = compareRuns(current, baseline, options.baseline.join(', '), { ...current.regression, ...options.limits });
  const regression = current.comparison.regression;
  const verdict = `${regression ? 'FAIL: regression' : 'PASS: no regression'} against ${current.comparison.baselineFile}`;
  options.print(`${renderSection(comparisonSection(current)!)}\n\n${verdict}\n`);
  return regression ? 1 : 0;
}
