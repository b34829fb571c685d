import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir, named after what uses it. */
export function makeTempDir(purpose: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `perf-otel-${purpose}-`));
}

export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
