import { DEFAULT_LATENCY_THRESHOLD_SECONDS, insightsDocument, isAlarm, parseDuration, runInsights } from '@org/perf-otel-insights';
import { Command, EXIT_FAILURE, EXIT_OK, UsageError } from '../command';
import { parseOptions } from '../parse-options';
import {
  ANALYSIS_OPTIONS,
  ANALYSIS_USAGE,
  emit,
  outputFormat,
  progressTo,
  prometheusSource,
  PROMETHEUS_HELP,
  scrapeInterval,
  userInput,
} from './analysis-options';

export const insights: Command = {
  name: 'insights',
  summary: 'Ranked findings from Prometheus: slow and hot endpoints, errors, DB, pool, runtime, leaks, correlations',
  usage: `insights [--range 1h] [--threshold 500ms] [--fail-on-alarm] ${ANALYSIS_USAGE}\n  ${PROMETHEUS_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      ...ANALYSIS_OPTIONS,
      range: { type: 'string' },
      threshold: { type: 'string' },
      'fail-on-alarm': { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const format = outputFormat(values);
    const windowSeconds = userInput(() => parseDuration(values.range ?? '1h', '--range'));
    const threshold = values.threshold === undefined ? DEFAULT_LATENCY_THRESHOLD_SECONDS : userInput(() => parseThreshold(values.threshold as string));
    const result = await runInsights(prometheusSource(values), {
      service: values.service,
      windowSeconds,
      latencyThresholdSeconds: threshold,
      scrapeIntervalSeconds: scrapeInterval(values),
      progress: progressTo(io),
    });
    await emit(io, format, values.output, result, insightsDocument(result));
    return values['fail-on-alarm'] && result.findings.some(isAlarm) ? EXIT_FAILURE : EXIT_OK;
  },
};

/** "500ms" or "0.5s"; parseDuration has no milliseconds, thresholds usually are. */
function parseThreshold(text: string): number {
  const ms = /^(\d+(?:\.\d+)?)ms$/.exec(text);
  if (ms) return Number(ms[1]) / 1000;
  return parseDuration(text, '--threshold');
}
