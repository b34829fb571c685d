// Runs the real `perf-otel loadtest` binary (packages/cli/dist/bin.js) as users do, in a temp dir.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startChildApp, type ExitResult } from '../../harness';
import { REPO_ROOT } from '../../e2e/support/run-app';
import type { RunResult } from '@org/perf-otel-loadtest';

export const CLI = join(REPO_ROOT, 'packages/cli/dist/bin.js');

export async function writeScenario(dir: string, name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

export async function runLoadtest(dir: string, args: string[]): Promise<ExitResult> {
  const cli = await startChildApp({ script: CLI, args: ['loadtest', ...args], cwd: dir });
  return cli.exited;
}

export async function readResult(dir: string, file: string): Promise<RunResult> {
  return JSON.parse(await readFile(join(dir, file), 'utf8')) as RunResult;
}
