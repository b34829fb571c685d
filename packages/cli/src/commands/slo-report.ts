import { loadSloSpecs, SloSpecError } from '@org/perf-otel-slo';
import { runSloReport, sloDocument } from '@org/perf-otel-insights';
import { Command, EXIT_FAILURE, EXIT_OK, UsageError } from '../command';
import { parseOptions } from '../parse-options';
import { ANALYSIS_OPTIONS, ANALYSIS_USAGE, emit, outputFormat, prometheusSource, PROMETHEUS_HELP } from './analysis-options';

/** Where the repository keeps SLO files (deploy/slo/README.md). */
const DEFAULT_SLO_PATH = 'deploy/slo';

export const sloReport: Command = {
  name: 'slo report',
  summary: 'Compliance and remaining error budget of every SLO over its window, from Prometheus',
  usage: `slo report [slo-file|directory, default deploy/slo] [--fail-on-breach] ${ANALYSIS_USAGE}\n  ${PROMETHEUS_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { ...ANALYSIS_OPTIONS, 'fail-on-breach': { type: 'boolean' } });
    if (positionals.length > 1) throw new UsageError('give one SLO file or directory, e.g. deploy/slo');
    const format = outputFormat(values);
    // Invalid SLO files are the user's to fix: their issues, line by line, and exit 1.
    const specs = await loadSloSpecs(positionals[0] ?? DEFAULT_SLO_PATH, io.cwd).catch((error: unknown) => {
      if (error instanceof SloSpecError) return error;
      throw error;
    });
    if (specs instanceof SloSpecError) {
      io.err(`${specs.message}\n`);
      return EXIT_FAILURE;
    }
    const result = await runSloReport(prometheusSource(values), values.service === undefined ? specs : specs.filter((s) => s.service === values.service));
    await emit(io, format, values.output, result, sloDocument(result));
    return values['fail-on-breach'] && result.items.some((i) => i.status === 'breached') ? EXIT_FAILURE : EXIT_OK;
  },
};
