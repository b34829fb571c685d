// The scenarios: which app, how it is loaded (wrk over HTTP, or its own loops) and what it counts.
import { join, resolve } from 'node:path';
import { APPS_DIR } from './paths.mjs';

export const SCENARIOS = [
  { name: 'hello', title: 'node:http hello world', app: 'hello.cjs', load: 'http', path: '/', counts: 'http' },
  { name: 'express', title: 'Express, route /api/items/:id', app: 'express.cjs', load: 'http', path: '/api/items/42', counts: 'http' },
  {
    name: 'realistic',
    title: 'Express, ~1 ms CPU + one pg query + JSON body',
    app: 'realistic.cjs',
    load: 'http',
    path: '/api/orders/42',
    counts: 'http',
    needsWork: true,
  },
  { name: 'pg-seq', title: 'pg.Pool SELECT 1, one sequential loop', app: 'db-loop.cjs', load: 'loop', concurrency: 1, counts: 'db', client: 'pg' },
  { name: 'pg-50', title: 'pg.Pool SELECT 1, 50 concurrent loops', app: 'db-loop.cjs', load: 'loop', concurrency: 50, counts: 'db', client: 'pg' },
  // Opt-in (named with --scenarios): they need a MariaDB/MySQL at BENCH_MYSQL_URL, a Redis at BENCH_REDIS_URL.
  {
    name: 'mysql2-seq',
    title: 'mysql2 pool SELECT 1, one sequential loop',
    app: 'db-loop.cjs',
    load: 'loop',
    concurrency: 1,
    counts: 'db',
    client: 'mysql2',
    optIn: true,
  },
  {
    name: 'ioredis-seq',
    title: 'ioredis GET, one sequential loop',
    app: 'db-loop.cjs',
    load: 'loop',
    concurrency: 1,
    counts: 'db',
    client: 'ioredis',
    optIn: true,
  },
  {
    name: 'redis-seq',
    title: 'node-redis GET, one sequential loop',
    app: 'db-loop.cjs',
    load: 'loop',
    concurrency: 1,
    counts: 'db',
    client: 'redis',
    optIn: true,
  },
].map((s) => ({ ...s, app: join(APPS_DIR, s.app) }));

const ALIASES = { pg: ['pg-seq', 'pg-50'], dbs: ['mysql2-seq', 'ioredis-seq', 'redis-seq'] };

/** `--app FILE`: an app from elsewhere, started with PORT=<free port>, loaded on `path`. */
export function externalScenario(file, path) {
  return { name: 'app', title: `external app ${file}, GET ${path}`, app: resolve(file), load: 'http', path, counts: 'http', external: true };
}

/** The scenarios asked for; with an external app, only it unless others are named. */
export function selectScenarios(names, external) {
  if (external) return [...(names ? selectScenarios(names) : []), external];
  if (!names) return SCENARIOS.filter((s) => !s.optIn);
  const wanted = names.flatMap((n) => ALIASES[n] ?? [n]);
  const unknown = wanted.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}: use ${SCENARIOS.map((s) => s.name).join(', ')}, pg, dbs`);
  return SCENARIOS.filter((s) => wanted.includes(s.name));
}
