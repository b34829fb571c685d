// Writes a benchmark's JSON results (default test/bench/results/[<name>-]<timestamp>.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RESULTS_DIR } from './paths.mjs';

export function writeResults(name, startedAt, data, out = null) {
  const file = out ?? join(RESULTS_DIR, `${name ? `${name}-` : ''}${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), node: process.version, ...data }, null, 2));
  return file;
}
