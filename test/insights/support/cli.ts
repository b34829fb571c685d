// Runs `perf-otel …` in-process through the real dispatcher and parses --json output.
import { runCli, type CliRun } from '../../../packages/cli/test/run-cli';

export { runCli };
export type { CliRun };

export async function runJson<T>(argv: string[], cwd = process.cwd()): Promise<T> {
  const run = await runCli([...argv, '--json'], cwd);
  if (run.code !== 0) throw new Error(`perf-otel ${argv.join(' ')} exited ${run.code}: ${run.err}`);
  return JSON.parse(run.out) as T;
}
