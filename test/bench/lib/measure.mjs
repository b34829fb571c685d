// One measurement: one scenario under one configuration in a fresh app process, loaded, then
// scraped for what the configuration recorded, then stopped.
import { AppProcess } from './app-process.mjs';
import { cleanEnv } from './configurations.mjs';
import { freePort, sleep } from './net.mjs';
import { runWrk } from './wrk.mjs';
import { scrapeCount } from './scrape.mjs';
import { ownProbe, externalProbe } from './probes.mjs';

const START_TIMEOUT_MS = 30000;

async function httpLoad(probe, scenario, opts, pinning) {
  const url = `http://127.0.0.1:${await probe.ready()}${scenario.path}`;
  const load = { connections: opts.connections, pinning };
  const warm = await runWrk({ ...load, url, durationMs: opts.warmupMs });
  const before = await probe.stats();
  const main = await runWrk({ ...load, url, durationMs: opts.durationMs });
  const after = await probe.stats();
  await sleep(300); // requests wrk left in flight finish and are recorded
  const { served } = await probe.stats();
  const wrkCompleted = warm.completed + main.completed;
  return {
    throughput: main.requestsPerSec,
    p99Ms: main.p99Ms,
    // Unknown served count (external app): wrk's count, short by up to one request per connection per wrk run.
    ...(served === null ? { sent: wrkCompleted, slack: 2 * opts.connections } : { sent: served }),
    cpuPerOpUs: (after.cpuUs - before.cpuUs) / (served === null ? main.completed : after.served - before.served),
    wrkCompleted,
    errors: warm.non2xx + warm.socketErrors + main.non2xx + main.socketErrors,
  };
}

async function loopLoad(app, opts) {
  await app.next('ready', START_TIMEOUT_MS);
  const { result } = await app.next('result', opts.warmupMs + opts.durationMs + START_TIMEOUT_MS);
  const { queries } = await app.stats();
  return { throughput: result.opsPerSec, p99Ms: result.p99Ms, cpuPerOpUs: result.cpuPerOpUs, sent: queries, errors: 0 };
}

function scenarioEnv(scenario, opts, workIterations) {
  const env = { OTEL_SERVICE_NAME: `bench-${scenario.name}` };
  if (scenario.needsWork) env.BENCH_WORK_ITERATIONS = String(workIterations);
  if (scenario.client) env.BENCH_DB_CLIENT = scenario.client;
  // cleanEnv drops the parent's BENCH_* variables; the database addresses are meant to reach the app.
  for (const name of ['BENCH_PG_URL', 'BENCH_MYSQL_URL', 'BENCH_REDIS_URL']) if (process.env[name]) env[name] = process.env[name];
  if (scenario.load === 'loop') {
    Object.assign(env, { BENCH_CONCURRENCY: String(scenario.concurrency), BENCH_WARMUP_MS: String(opts.warmupMs), BENCH_DURATION_MS: String(opts.durationMs) });
  }
  return env;
}

export async function measure({ scenario, config, opts, pinning, workIterations }) {
  const metricsPort = config.names ? await freePort() : null;
  const appPort = scenario.external ? await freePort() : null;
  const env = cleanEnv({ ...config.env(metricsPort), ...scenarioEnv(scenario, opts, workIterations), ...(appPort ? { PORT: String(appPort) } : {}) });
  const app = new AppProcess({ app: scenario.app, nodeArgs: config.nodeArgs, env, pinning });
  const probe = appPort ? externalProbe(app, appPort, START_TIMEOUT_MS) : ownProbe(app, START_TIMEOUT_MS);
  try {
    const load = scenario.load === 'http' ? await httpLoad(probe, scenario, opts, pinning) : await loopLoad(app, opts);
    if (!config.names) return { ...load, recorded: null };
    const { count, note } = await scrapeCount(metricsPort, config.names[scenario.counts]);
    return { ...load, recorded: count, ...(note ? { note } : {}) };
  } catch (err) {
    return { error: err.message };
  } finally {
    await app.stop();
  }
}
