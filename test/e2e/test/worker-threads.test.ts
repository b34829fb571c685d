// Apps whose HTTP server and database work run in worker threads, under
// `node --require @org/perf-otel/register`: one exporter set, one endpoint and one startup line per
// process, and the workers' data in the main thread's output, exactly, through worker exits and SIGTERM.
import { createTempDatabase, freePort, startChildApp, startInfluxDb, type TempDatabase } from '../../harness';
import { lastCount, startOtlpReceiver, type OtlpReceiver, type ReceivedExport } from '../support/otlp-receiver';
import { fixture } from '../support/paths';
import { scrape, sumOf, type Sample } from '../support/prom-text';
import { REGISTER, REPO_ROOT, runInstrumented, send, type InstrumentedApp } from '../support/run-app';

const REQUESTS = 'http_server_request_duration_seconds_count';
const OPS = 'db_client_operation_duration_seconds_count';
const STARTUP = /^perf-otel \d+\.\d+\.\d+ \(node /m;

const startupLines = (output: string) => output.split('\n').filter((l) => STARTUP.test(l));

/** Every metric once per export, every attribute set once per metric: the threads' data was merged, not appended. */
function expectMergedOnce(exp: ReceivedExport): void {
  const names = exp.metrics.map((m) => m.name);
  expect(names.length).toBe(new Set(names).size);
  for (const m of exp.metrics) {
    const keys = m.points.map((p) => JSON.stringify(Object.entries(p.attributes).sort()));
    expect({ metric: m.name, series: keys.length }).toEqual({ metric: m.name, series: new Set(keys).size });
  }
}

function expectNoDuplicateSeries(samples: Sample[]): void {
  const keys = samples.map((s) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`);
  expect(keys.length).toBe(new Set(keys).size);
}

describe('worker threads', () => {
  let db: TempDatabase;
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    db = await createTempDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  let influxStop: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await receiver.stop();
    await influxStop?.();
    influxStop = undefined;
  });

  async function serverInWorker(mode = 'server'): Promise<InstrumentedApp & { control: number }> {
    const control = await freePort();
    const app = await runInstrumented('worker-app.js', {
      WORKER_MODE: mode,
      CONTROL_PORT: String(control),
      DATABASE_URL: db.connectionString,
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '600000',
    });
    await app.waitForLine('control listening');
    return Object.assign(app, { control });
  }

  it("an HTTP server and its pg queries in a worker: exact counts through the main thread's Prometheus endpoint and OTLP exporter", async () => {
    const app = await serverInWorker();
    let exit;
    try {
      for (let i = 0; i < 7; i++) expect(await send(app.port, `/items/${i}`)).toBe(200);
      for (let i = 0; i < 2; i++) expect(await send(app.port, '/health')).toBe(200);
      const s = await scrape(app.metricsPort);
      expectNoDuplicateSeries(s);
      expect(sumOf(s, REQUESTS, { http_route: '/items/:id', http_request_method: 'GET', http_response_status_code: '200' })).toBe(7);
      expect(sumOf(s, REQUESTS, { http_route: '/health' })).toBe(2);
      expect(sumOf(s, OPS, { db_system_name: 'postgresql', db_namespace: db.database, db_operation_name: 'SELECT' })).toBe(7);
      expect(sumOf(s, OPS)).toBe(7);
      // The worker's pool, as the main thread reports it.
      expect(sumOf(s, 'db_client_connection_max', { db_client_connection_pool_name: `127.0.0.1:5432/${db.database}` })).toBe(2);
      // Event-loop and heap metrics are the main thread's only (documented): one series set, not one per thread.
      expect(s.filter((x) => x.name === 'nodejs_eventloop_utilization_ratio')).toHaveLength(1);
    } finally {
      exit = await app.stop('SIGTERM');
    }
    expect(exit.signal).toBe('SIGTERM');
    // The interval is 10 minutes: this is the SIGTERM flush, and it carries the worker's data.
    expect(receiver.exports).toHaveLength(1);
    expectMergedOnce(receiver.exports[0]);
    expect(lastCount(receiver.exports, 'http.server.request.duration', { 'http.route': '/items/:id' })).toBe(7);
    expect(lastCount(receiver.exports, 'http.server.request.duration', { 'http.route': '/health' })).toBe(2);
    expect(lastCount(receiver.exports, 'db.client.operation.duration', { 'db.operation.name': 'SELECT', 'db.namespace': db.database })).toBe(7);
    expect(startupLines(exit.stderr + exit.stdout)).toHaveLength(1);
    expect(exit.stderr + exit.stdout).not.toContain('EADDRINUSE');
  });

  it.each([
    ['the main thread', 'server'],
    ['a Worker (Workers of Workers)', 'nested'],
  ])('a worker that exits keeps counting: process.exit(), a natural end, an uncaught exception and terminate() from %s', async (_, mode) => {
    const app = await serverInWorker(mode);
    const seen: number[] = [];
    const itemsCount = async () => {
      const s = await scrape(app.metricsPort);
      expectNoDuplicateSeries(s);
      const n = sumOf(s, REQUESTS, { http_route: '/items/:id' });
      expect(sumOf(s, OPS, { db_operation_name: 'SELECT' })).toBe(n);
      seen.push(n);
      return n;
    };
    let exit;
    try {
      let sent = 0;
      for (const how of ['exit', 'end', 'crash', 'terminate']) {
        for (let i = 0; i < 4; i++, sent++) expect(await send(app.port, `/items/${sent}`)).toBe(200);
        // No scrape in between: the worker's requests since the last collection travel with its exit.
        expect(await send(app.control, `/control/stop?how=${how}`, { method: 'POST' })).toBe(200);
        expect(await itemsCount()).toBe(sent);
      }
      // The replacement worker's requests add to what the exited ones counted.
      for (let i = 0; i < 3; i++, sent++) expect(await send(app.port, `/items/${sent}`)).toBe(200);
      expect(await itemsCount()).toBe(19);
      expect(seen).toEqual([4, 8, 12, 16, 19]);
      // After SIGTERM below, the OTLP flush has the same totals.
    } finally {
      exit = await app.stop('SIGTERM');
    }
    expect(lastCount(receiver.exports, 'http.server.request.duration', { 'http.route': '/items/:id' })).toBe(19);
    expect(lastCount(receiver.exports, 'db.client.operation.duration', { 'db.operation.name': 'SELECT' })).toBe(19);
    expect(startupLines(exit.stderr + exit.stdout)).toHaveLength(1);
  });

  it('a pool of 3 workers plus a main-thread server: one series per route, statement and API counter, merged exactly in Prometheus, OTLP and InfluxDB', async () => {
    const influx = await startInfluxDb();
    influxStop = () => influx.stop();
    await influx.query('CREATE DATABASE workers');
    const app = await runInstrumented('worker-app.js', {
      WORKER_MODE: 'pool',
      DATABASE_URL: db.connectionString,
      // "work" is not in the built-in vocabulary of static path words: the app names it.
      PERF_OTEL_HTTP_ROUTE_WORDS: 'work',
      OTEL_METRICS_EXPORTER: 'prometheus,otlp,influxdb',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '600000',
      PERF_OTEL_INFLUXDB_URL: influx.url,
      PERF_OTEL_INFLUXDB_DATABASE: 'workers',
      // A bad value every thread reads: said once per process, not once per thread.
      PERF_OTEL_CARDINALITY_LIMIT: 'lots',
    });
    let exit;
    try {
      await app.waitForLine('pool app listening');
      // 12 tasks spread over the 3 workers, 5 queries on the main thread, all the same statement.
      await Promise.all(Array.from({ length: 12 }, (_, i) => send(app.port, `/work/${i}`).then((st) => expect(st).toBe(200))));
      for (let i = 0; i < 5; i++) expect(await send(app.port, `/main/${i}`)).toBe(200);
      const s = await scrape(app.metricsPort);
      expectNoDuplicateSeries(s);
      expect(sumOf(s, REQUESTS, { http_route: '/work/:id' })).toBe(12);
      expect(sumOf(s, REQUESTS, { http_route: '/main/:id' })).toBe(5);
      const select = s.filter((x) => x.name === OPS && x.labels.db_operation_name === 'SELECT');
      // One pool name: the three workers' pools and the main thread's merge into one series per
      // route. The main thread's queries run inside its /main/:id requests and carry that route; a
      // worker's task runs outside any request the worker served, so its queries carry none.
      expect(select.map((x) => [x.labels.http_route, x.value]).sort()).toEqual([
        [undefined, 12],
        ['/main/:id', 5],
      ]);
      // An @org/perf-otel-api counter every thread adds to: one series, the sum.
      expect(s.filter((x) => x.name === 'app_tasks_done_total').map((x) => [x.labels.app_task, x.value])).toEqual([['select', 17]]);
      // Pool sizes add up: 2 on the main thread, 1 in each worker.
      expect(sumOf(s, 'db_client_connection_max')).toBe(5);
    } finally {
      exit = await app.stop('SIGTERM');
    }
    expect(receiver.exports).toHaveLength(1);
    expectMergedOnce(receiver.exports[0]);
    expect(lastCount(receiver.exports, 'db.client.operation.duration', { 'db.operation.name': 'SELECT' })).toBe(17);
    expect(lastCount(receiver.exports, 'app.tasks.done', { 'app.task': 'select' })).toBe(17);
    // The SIGTERM flush wrote one point per series.
    // (Besides the series' zero point at its start, which the InfluxDB trends difference against.)
    const ops = await influx.query(`SELECT "count" FROM "db.client.operation.duration" WHERE "db.operation.name" = 'SELECT' GROUP BY "http.route"`, 'workers');
    expect(ops.results[0].series?.map((series) => [series.tags?.['http.route'], series.values.map((v) => v[1])])).toEqual([
      ['', [0, 12]],
      ['/main/:id', [0, 5]],
    ]);
    const tasks = await influx.query('SELECT * FROM "app.tasks.done"', 'workers');
    const columns = tasks.results[0].series?.[0].columns ?? [];
    expect(tasks.results[0].series?.[0].values.map((v) => [v[columns.indexOf('app.task')], v[columns.indexOf('counter')]])).toEqual([
      ['select', 0],
      ['select', 17],
    ]);
    expect(startupLines(exit.stderr + exit.stdout)).toHaveLength(1);
    expect(exit.stderr + exit.stdout).not.toContain('EADDRINUSE');
    expect(exit.stderr.split('\n').filter((l) => l.startsWith('perf-otel: PERF_OTEL_CARDINALITY_LIMIT="lots" is not a whole number'))).toHaveLength(1);
  });

  it.each([
    ["its default atomics: 'sync' (idle workers sleep in Atomics.wait)", undefined],
    ["atomics: 'async'", 'async'],
  ])('a real Piscina pool, %s: exact counts, kept after idle workers are destroyed', async (_, atomics) => {
    const app = await runInstrumented('piscina-app.js', {
      DATABASE_URL: db.connectionString,
      PISCINA_ATOMICS: atomics,
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '600000',
    });
    let exit;
    try {
      await app.waitForLine('piscina app listening');
      // A burst grows the pool to 3 threads; 300 ms idle later two are destroyed.
      await Promise.all(Array.from({ length: 12 }, (_, i) => send(app.port, `/task/${i}`).then((st) => expect(st).toBe(200))));
      for (let i = 0; i < 4; i++) expect(await send(app.port, `/main/${i}`)).toBe(200);
      const counts = async () => {
        const s = await scrape(app.metricsPort);
        expectNoDuplicateSeries(s);
        return {
          tasks: sumOf(s, REQUESTS, { http_route: '/task/:id' }),
          selects: sumOf(s, OPS, { db_operation_name: 'SELECT' }),
          api: sumOf(s, 'app_tasks_done_total'),
        };
      };
      const before = await counts();
      expect({ tasks: before.tasks, selects: before.selects }).toEqual({ tasks: 12, selects: 16 });
      await app.waitForLine('pool threads 1');
      const after = await counts();
      expect({ tasks: after.tasks, selects: after.selects }).toEqual({ tasks: 12, selects: 16 });
      // Recorded through the SDK, these arrive when a worker can answer: at once with 'async'.
      if (atomics === 'async') expect([before.api, after.api]).toEqual([12, 12]);
      expect(after.api).toBeGreaterThanOrEqual(before.api);
    } finally {
      exit = await app.stop('SIGTERM');
    }
    expect(lastCount(receiver.exports, 'db.client.operation.duration', { 'db.operation.name': 'SELECT' })).toBe(16);
    expect(startupLines(exit.stderr + exit.stdout)).toHaveLength(1);
  });

  it('a worker blocked in synchronous code neither holds a scrape up nor lowers a count: its last answer stands in', async () => {
    const app = await runInstrumented('worker-app.js', { WORKER_MODE: 'pool', DATABASE_URL: db.connectionString });
    try {
      await app.waitForLine('pool app listening');
      for (let i = 0; i < 9; i++) expect(await send(app.port, `/work/${i}`)).toBe(200);
      const tasks = async () => sumOf(await scrape(app.metricsPort), 'app_tasks_done_total');
      expect(await tasks()).toBe(9);
      const order: string[] = [];
      const busy = send(app.port, '/busy/6000').then(() => order.push('busy worker free'));
      // From now on worker 0 answers nothing for 6 s.
      await app.waitForLine(/worker \d+ busy/);
      const during = await tasks();
      order.push('scrape answered');
      expect(during).toBe(9);
      await busy;
      expect(order).toEqual(['scrape answered', 'busy worker free']);
      expect(await tasks()).toBe(9);
    } finally {
      await app.stop();
    }
  });

  it('turned off: the "turned off" line once per process, not once per thread', async () => {
    const app = await runInstrumented('worker-app.js', { WORKER_MODE: 'pool', DATABASE_URL: db.connectionString, PERF_OTEL_ENABLED: 'false' });
    await app.waitForLine('pool app listening');
    for (let i = 0; i < 3; i++) expect(await send(app.port, `/work/${i}`)).toBe(200);
    const exit = await app.stop('SIGTERM');
    expect(exit.stderr.split('\n').filter((l) => l.startsWith('perf-otel'))).toEqual([
      'perf-otel is turned off (PERF_OTEL_ENABLED=false or OTEL_SDK_DISABLED=true): nothing is instrumented or exported.',
    ]);
  });

  it("under --import (ESM register) too: the worker's server and queries reach the main thread's endpoint", async () => {
    const control = await freePort();
    const app = await runInstrumented('worker-app.js', { WORKER_MODE: 'server', CONTROL_PORT: String(control), DATABASE_URL: db.connectionString }, 'import');
    try {
      await app.waitForLine('control listening');
      for (let i = 0; i < 3; i++) expect(await send(app.port, `/items/${i}`)).toBe(200);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, REQUESTS, { http_route: '/items/:id' })).toBe(3);
      expect(sumOf(s, OPS, { db_operation_name: 'SELECT' })).toBe(3);
      expect(startupLines(app.stderr() + app.stdout())).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });

  it('a main thread without perf-otel: the Worker started with --require exports on its own', async () => {
    const port = await freePort();
    const control = await freePort();
    const metricsPort = await freePort();
    const app = await startChildApp({
      script: fixture('worker-app.js'),
      cwd: REPO_ROOT,
      env: {
        WORKER_MODE: 'server',
        WORKER_REQUIRE: REGISTER,
        PORT: String(port),
        CONTROL_PORT: String(control),
        DATABASE_URL: db.connectionString,
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
        OTEL_SERVICE_NAME: 'fixture-worker-only',
      },
      waitForLine: 'control listening',
    });
    try {
      for (let i = 0; i < 3; i++) expect(await send(port, `/items/${i}`)).toBe(200);
      const s = await scrape(metricsPort);
      expect(sumOf(s, REQUESTS, { http_route: '/items/:id' })).toBe(3);
      expect(sumOf(s, OPS, { db_operation_name: 'SELECT' })).toBe(3);
      expect(startupLines(app.stderr() + app.stdout())).toHaveLength(1);
    } finally {
      await app.stop('SIGKILL');
    }
  });
});
