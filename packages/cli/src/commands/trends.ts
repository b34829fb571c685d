import { checkTrendRange, parseDuration, runTrends, serviceScope, trendsDocument } from '@org/perf-otel-insights';
import { Command, EXIT_OK, UsageError } from '../command';
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

export const trends: Command = {
  name: 'trends',
  summary: 'Per endpoint and key resource: slope over the range, its significance, regression or improvement',
  usage: `trends [--range 7d] ${ANALYSIS_USAGE}\n  ${PROMETHEUS_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { ...ANALYSIS_OPTIONS, range: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const format = outputFormat(values);
    const rangeSeconds = userInput(() => checkTrendRange(parseDuration(values.range ?? '7d', '--range')));
    const result = await runTrends(prometheusSource(values), {
      service: values.service,
      scope: serviceScope(values.service),
      rangeSeconds,
      scrapeIntervalSeconds: scrapeInterval(values),
      progress: progressTo(io),
    });
    await emit(io, format, values.output, result, trendsDocument(result));
    return EXIT_OK;
  },
};
