// The scenarios: which app, how it is loaded (wrk over HTTP, or its own loops) and what it counts.
import { join, resolve } from 'node:path';
import { APPS_DIR } from './paths.mjs';

export const SCENARIOS = [
  { name: 'hello', title: 'node:http hello world', app: 'hello.cjs', load: 'http', path: '/', counts: 'http' },
  { name: 'express', title: 'Express, route /api/items/:id', app: 'express.cjs', load: 'http', path: '/api/items/42', counts: 'http' },
  { name: 'realistic', title: 'Express, ~1 ms CPU + one pg query + JSON body', app: 'realistic.cjs', load: 'http', path: '/api/orders/42', counts: 'http', needsWork: true },
  { name: 'pg-seq', title: 'pg.Pool SELECT 1, one sequential loop', app: 'pg-loop.cjs', load: 'loop', concurrency: 1, counts: 'db' },
  { name: 'pg-50', title: 'pg.Pool SELECT 1, 50 concurrent loops', app: 'pg-loop.cjs', load: 'loop', concurrency: 50, counts: 'db' },
].map((s) => ({ ...s, app: join(APPS_DIR, s.app) }));

const ALIASES = { pg: ['pg-seq', 'pg-50'] };

/** `--app FILE`: an app from elsewhere, started with PORT=<free port>, loaded on `path`. */
export function externalScenario(file, path) {
  return { name: 'app', title: `external app ${file}, GET ${path}`, app: resolve(file), load: 'http', path, counts: 'http', external: true };
}

/** The scenarios asked for; with an external app, only it unless others are named. */
export function selectScenarios(names, external) {
  if (external) return [...(names ? selectScenarios(names) : []), external];
  if (!names) return SCENARIOS;
  const wanted = names.flatMap((n) => ALIASES[n] ?? [n]);
  const unknown = wanted.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}: use ${SCENARIOS.map((s) => s.name).join(', ')}, pg`);
  return SCENARIOS.filter((s) => wanted.includes(s.name));
}
