import { readFileSync } from 'node:fs';
import { InputError } from '../input-error';
import { RESULT_FORMAT, type RunResult } from '../results/run-result';

/** Reads a results file written by --out or --save-baseline; anything else gets a one-line reason. */
export function readResults(file: string): RunResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read baseline ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); record one with --save-baseline ${file}`,
    );
  }
  let parsed: Partial<RunResult>;
  try {
    parsed = JSON.parse(text) as Partial<RunResult>;
  } catch (error) {
    throw new InputError(`baseline ${file} is not JSON (${(error as Error).message}); record it again with --save-baseline ${file}`);
  }
  if (parsed.format !== RESULT_FORMAT || !Array.isArray(parsed.stages)) {
    throw new InputError(`${file} is not a perf-otel loadtest results file (format ${RESULT_FORMAT}); record one with --save-baseline ${file}`);
  }
  return parsed as RunResult;
}
