import { CompareSide, compareDocument, eq, parseDuration, parseWindow, runCompare, serviceScope } from '@org/perf-otel-insights';
import { LABEL_SERVICE_VERSION } from '@org/perf-otel/prometheus-names';
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

export const compare: Command = {
  name: 'compare',
  summary: 'Before/after: two time windows or two service versions, per-endpoint and resource deltas with a Welch t-test',
  usage:
    'compare --before START/END --after START/END | --version-before V1 --version-after V2 [--range 7d]\n' +
    `        [--min-change 10%] ${ANALYSIS_USAGE}\n  Windows are ISO times, e.g. 2026-11-20T10:00Z/2026-11-20T11:00Z. ${PROMETHEUS_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      ...ANALYSIS_OPTIONS,
      before: { type: 'string' },
      after: { type: 'string' },
      'version-before': { type: 'string' },
      'version-after': { type: 'string' },
      range: { type: 'string' },
      'min-change': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const format = outputFormat(values);
    const scope = serviceScope(values.service);
    let sides: [CompareSide, CompareSide];
    if (values.before !== undefined || values.after !== undefined) {
      if (values.before === undefined || values.after === undefined) throw new UsageError('give both --before and --after windows');
      const [before, after] = userInput(() => [parseWindow(values.before as string, '--before'), parseWindow(values.after as string, '--after')]);
      sides = [
        { label: values.before, scope, ...before },
        { label: values.after, scope, ...after },
      ];
    } else if (values['version-before'] !== undefined && values['version-after'] !== undefined) {
      const end = Date.now() / 1000;
      const start = end - userInput(() => parseDuration(values.range ?? '7d', '--range'));
      const side = (version: string): CompareSide => ({ label: `version ${version}`, scope: [...scope, eq(LABEL_SERVICE_VERSION, version)], start, end });
      sides = [side(values['version-before']), side(values['version-after'])];
    } else {
      throw new UsageError('say what to compare: --before and --after windows, or --version-before and --version-after');
    }
    const result = await runCompare(prometheusSource(values), {
      service: values.service,
      before: sides[0],
      after: sides[1],
      minRelativeChange: minChange(values['min-change']),
      scrapeIntervalSeconds: scrapeInterval(values),
      progress: progressTo(io),
    });
    await emit(io, format, values.output, result, compareDocument(result));
    return EXIT_OK;
  },
};

function minChange(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (!match) throw new UsageError(`--min-change "${text}" is not a percentage; write e.g. --min-change 10%`);
  return Number(match[1]) / 100;
}
