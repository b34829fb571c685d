// Where things are, from this file.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = join(BENCH_DIR, '..', '..');
export const APPS_DIR = join(BENCH_DIR, 'apps');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const PERF_OTEL_DIST = join(REPO_ROOT, 'packages', 'perf-otel', 'dist');
export const PERF_OTEL_REGISTER = join(PERF_OTEL_DIST, 'register.js');
export const OTEL_AUTO_REGISTER = '@opentelemetry/auto-instrumentations-node/register';
