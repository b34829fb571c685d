import { compareStoredRuns, InputError, runLoadtest, terminalProgressBar, type RegressionLimits } from '@org/perf-otel-loadtest';
import { CliIo, Command, EXIT_USAGE, UsageError } from '../command';
import { parseOptions } from '../parse-options';

/** A percentage flag (`--max-p95-increase 25`) as a fraction; undefined when not given. */
function percentFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value.replace(/%$/, ''));
  if (!Number.isFinite(number) || number < 0) throw new UsageError(`${flag} ${value} is not a percentage; write e.g. ${flag} 20`);
  return number / 100;
}

function limitFlags(values: Record<string, string | string[] | boolean | undefined>): Partial<RegressionLimits> {
  const limits: Partial<RegressionLimits> = {
    p95Increase: percentFlag(values['max-p95-increase'] as string | undefined, '--max-p95-increase'),
    throughputDrop: percentFlag(values['max-throughput-drop'] as string | undefined, '--max-throughput-drop'),
    errorRateIncrease: percentFlag(values['max-error-rate-increase'] as string | undefined, '--max-error-rate-increase'),
    memoryIncrease: percentFlag(values['max-memory-increase'] as string | undefined, '--max-memory-increase'),
  };
  const alpha = values.alpha as string | undefined;
  if (alpha !== undefined) {
    const value = Number(alpha);
    if (!(value > 0 && value < 0.5)) throw new UsageError(`--alpha ${alpha} must be a significance level between 0 and 0.5, e.g. --alpha 0.05`);
    limits.alpha = value;
  }
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

export const loadtest: Command = {
  name: 'loadtest',
  summary: 'Run a load-test scenario (staged open-model load on autocannon), check its thresholds and gate on a baseline',
  usage:
    'loadtest <scenario.yaml> [--target URL] [--repeat N] [--prometheus URL [--prometheus-selector \'job="svc"\']]\n' +
    '       [--out results.json] [--markdown FILE|-] [--html FILE] [--baseline results.json] [--save-baseline FILE]\n' +
    '       [--max-p95-increase 20] [--max-throughput-drop 15] [--max-error-rate-increase 5] [--max-memory-increase 30] [--alpha 0.05]\n' +
    '       loadtest --compare run.json [--compare run2.json …] --baseline base.json [--baseline base2.json …] [limits]\n' +
    '  Exits 1 when a threshold fails or the run regressed against --baseline; limits are percent (error rate: points).\n' +
    '  Several --baseline (and --compare) files are pooled: e.g. runs interleaved in time.',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      target: { type: 'string' },
      repeat: { type: 'string' },
      prometheus: { type: 'string' },
      'prometheus-selector': { type: 'string' },
      out: { type: 'string' },
      markdown: { type: 'string' },
      html: { type: 'string' },
      baseline: { type: 'string', multiple: true },
      compare: { type: 'string', multiple: true },
      'save-baseline': { type: 'string' },
      'max-p95-increase': { type: 'string' },
      'max-throughput-drop': { type: 'string' },
      'max-error-rate-increase': { type: 'string' },
      'max-memory-increase': { type: 'string' },
      alpha: { type: 'string' },
    });
    const baseline = values.baseline ?? [];
    if (values.compare) {
      if (positionals.length > 0) throw new UsageError(`--compare judges stored runs; drop the scenario ${positionals[0]}`);
      if (baseline.length === 0) throw new UsageError('--compare needs --baseline <results.json> to compare with');
      return guard(io, () => compareStoredRuns({ current: values.compare!, baseline, cwd: io.cwd, limits: limitFlags(values), print: io.out }));
    }
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0 ? 'name the scenario file, e.g. loadtest scenario.yaml' : `one scenario at a time; got ${positionals.join(' ')}`,
      );
    const repeats = Number(values.repeat ?? 1);
    if (!Number.isInteger(repeats) || repeats < 1) throw new UsageError(`--repeat ${values.repeat} must be a whole number of runs, e.g. --repeat 3`);
    return guard(io, () =>
      runLoadtest({
        scenarioFile: positionals[0],
        cwd: io.cwd,
        target: values.target,
        repeats,
        prometheusUrl: values.prometheus,
        prometheusSelector: values['prometheus-selector'],
        out: values.out,
        markdown: values.markdown,
        html: values.html,
        baseline,
        saveBaseline: values['save-baseline'],
        limits: limitFlags(values),
        progress: terminalProgressBar(process.stderr),
        print: io.out,
        warn: (message) => io.err(`perf-otel loadtest: warning: ${message}\n`),
      }),
    );
  },
};

/** A mistake in the scenario or a results file is the user's input, not a crash: one line naming the file (and line) and the fix, exit 2. */
async function guard(io: CliIo, work: () => number | Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.err(`perf-otel loadtest: ${error.message}\n`);
    return EXIT_USAGE;
  }
}
