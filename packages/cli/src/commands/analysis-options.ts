// Options the analysis commands (insights, trends, compare, slo report) share: where Prometheus is,
// which output format, where to write it. Bad values become UsageErrors that say how to write them.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  DEFAULT_PROMETHEUS_URL,
  InputError,
  OutputFormat,
  parseDuration,
  PrometheusClient,
  PrometheusError,
  PrometheusSource,
  PROMETHEUS_URL_ENV,
  render,
  ReportDocument,
} from '@org/perf-otel-insights';
import { CliIo, UsageError } from '../command';

export const ANALYSIS_OPTIONS = {
  prometheus: { type: 'string' },
  service: { type: 'string' },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  html: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  'scrape-interval': { type: 'string' },
} as const;

export const ANALYSIS_USAGE = '[--prometheus URL] [--service NAME] [--json|--markdown|--html] [-o FILE] [--scrape-interval 15s]';
export const PROMETHEUS_HELP = `--prometheus defaults to $${PROMETHEUS_URL_ENV}, then ${DEFAULT_PROMETHEUS_URL}.`;

interface AnalysisValues {
  prometheus?: string;
  json?: boolean;
  markdown?: boolean;
  html?: boolean;
  'scrape-interval'?: string;
}

/** Runs `parse`, turning the library's InputError (a bad duration or window) into a usage error. */
export function userInput<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InputError || error instanceof PrometheusError) throw new UsageError(error.message);
    throw error;
  }
}

export function prometheusSource(values: AnalysisValues, env: NodeJS.ProcessEnv = process.env): PrometheusSource {
  const url = values.prometheus ?? env[PROMETHEUS_URL_ENV] ?? DEFAULT_PROMETHEUS_URL;
  return new PrometheusSource(userInput(() => new PrometheusClient(url)));
}

export function outputFormat(values: AnalysisValues): OutputFormat {
  const chosen = (['json', 'markdown', 'html'] as const).filter((f) => values[f]);
  if (chosen.length > 1) throw new UsageError(`choose one output format, not --${chosen.join(' and --')}`);
  return chosen[0] ?? 'table';
}

export function scrapeInterval(values: AnalysisValues): number | undefined {
  const text = values['scrape-interval'];
  return text === undefined ? undefined : userInput(() => parseDuration(text, '--scrape-interval'));
}

/** Progress lines go to stderr so stdout stays the report (pipeable into jq or a file). */
export const progressTo = (io: CliIo) => (message: string) => io.err(`… ${message}\n`);

/** Writes the rendered report to stdout or `--output`; `format` comes from outputFormat(), checked before the work. */
export async function emit(io: CliIo, format: OutputFormat, output: string | undefined, result: unknown, doc: ReportDocument): Promise<void> {
  const text = render(format, result, doc);
  if (output === undefined) {
    io.out(text);
    return;
  }
  const path = resolve(io.cwd, output);
  await writeFile(path, text);
  io.err(`wrote ${path}\n`);
}
