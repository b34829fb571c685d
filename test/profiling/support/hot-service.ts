// Runs test/profiling/fixtures/hot-service.js the way users run their apps (node --require
// @org/perf-otel/register), and drives real HTTP load at it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startChildApp, type ChildApp } from '../../harness';

export const REPO_ROOT = join(__dirname, '../../..');
export const HOT_SERVICE = join(__dirname, '../fixtures/hot-service.js');
/** 22 letters then '!': the nested quantifier backtracks for milliseconds before failing. */
export const HOT_PATH = `/signup?user=${'a'.repeat(22)}!`;

export interface HotService extends ChildApp {
  port: number;
  profilingPort: number;
  /** The profiling endpoint, http://127.0.0.1:<profilingPort>. */
  target: string;
}

export async function startHotService(env: Record<string, string | undefined> = {}): Promise<HotService> {
  const port = await freePort();
  const profilingPort = await freePort();
  const app = await startChildApp({
    script: HOT_SERVICE,
    cwd: REPO_ROOT,
    require: ['@org/perf-otel/register'],
    env: {
      PORT: String(port),
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_SERVICE_NAME: 'hot-service',
      PERF_OTEL_PROFILING_ENABLED: 'true',
      PERF_OTEL_PROFILING_PORT: String(profilingPort),
      ...env,
    },
    waitForPort: port,
  });
  return Object.assign(app, { port, profilingPort, target: `http://127.0.0.1:${profilingPort}` });
}

/** What the app reports about itself from inside (see /introspect in the fixture). */
export async function introspect(app: HotService): Promise<{ sigusr2Listeners: number; profilerLoaded: boolean }> {
  const response = await fetch(`http://127.0.0.1:${app.port}/introspect`);
  return (await response.json()) as { sigusr2Listeners: number; profilerLoaded: boolean };
}

/**
 * Keeps `concurrency` request loops busy on `paths` (round robin) until `until` settles; resolves
 * with the number of requests answered 200. Any other answer fails the load.
 */
export async function loadUntil(app: HotService, paths: string[], until: Promise<unknown>, concurrency = 4): Promise<number> {
  let done = false;
  const finished = until.finally(() => {
    done = true;
  });
  let answered = 0;
  const loop = async (offset: number) => {
    for (let i = offset; !done; i++) {
      const response = await fetch(`http://127.0.0.1:${app.port}${paths[i % paths.length]}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${paths[i % paths.length]} answered ${response.status}`);
      answered++;
    }
  };
  await Promise.all([finished, ...Array.from({ length: concurrency }, (_, i) => loop(i))]);
  return answered;
}

/** 1-based line of the first line of the fixture containing `text`. */
export function fixtureLine(text: string): number {
  const index = readFileSync(HOT_SERVICE, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`the fixture has no line with ${text}`);
  return index + 1;
}

/** POST to the profiling endpoint as `perf-otel profile` does (with its X-Perf-Otel header); the status and the parsed JSON body. */
export async function post(target: string, path: string, token?: string): Promise<{ status: number; body: { error?: string } }> {
  const headers: Record<string, string> = { 'X-Perf-Otel': '1', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(`${target}${path}`, { method: 'POST', headers });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}
