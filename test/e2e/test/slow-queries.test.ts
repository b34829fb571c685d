import { createTempDatabase, pollUntil, startMariaDb } from '../../harness';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { scrape, sumOf } from '../support/prom-text';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, runInstrumented } from '../support/run-app';

describe('slow queries (PERF_OTEL_DB_SLOW_QUERY_MS)', () => {
  it('a slow pg_sleep statement gives exactly one OTLP log record with every literal replaced, and a count by shape', async () => {
    const db = await createTempDatabase();
    const receiver = await startOtlpReceiver();
    const app = await runInstrumented('pg-slow.js', {
      PORT: '0',
      DATABASE_URL: db.connectionString,
      PERF_OTEL_DB_SLOW_QUERY_MS: '200',
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    });
    try {
      await app.waitForLine('workload done');
      await pollUntil('the slow-query log record', async () => (receiver.logs.length > 0 ? true : undefined), 15000);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, 'perf_otel_db_slow_queries_total', { db_query_summary: 'SELECT', db_namespace: db.database })).toBe(1);
      expect(sumOf(s, 'perf_otel_db_slow_queries_total')).toBe(1);
      const exit = await app.stop();
      expect(exit.signal).toBe('SIGTERM');
      expect(receiver.logs).toHaveLength(1);
      const [record] = receiver.logs;
      expect(record.eventName).toBe('perf_otel.db.slow_query');
      expect(record.severityText).toBe('WARN');
      expect(record.attributes['db.query.text']).toBe('SELECT pg_sleep(?), ? AS pan, ? AS pin WHERE ? <> ?');
      expect(record.attributes).toMatchObject({ 'db.operation.name': 'SELECT', 'db.namespace': db.database, 'db.system.name': 'postgresql' });
      expect(record.attributes['perf_otel.db.duration']).toBeGreaterThanOrEqual(0.4);
      expect(record.resource['service.name']).toBe('fixture-pg-slow');
      expect(JSON.stringify(receiver.logs)).not.toMatch(/4111|31337|alice|dollar-secret|0\.4\)/);
    } finally {
      await app.stop();
      await receiver.stop();
      await db.drop();
    }
  });

  it('a slow MariaDB statement gives one record with MySQL strings (quoted either way, backslash-escaped) and comments removed', async () => {
    const server = await startMariaDb();
    const database = await server.createDatabase();
    const receiver = await startOtlpReceiver();
    const app = await runInstrumented('mysql-slow.js', {
      PORT: '0',
      DATABASE_URL: server.url(database),
      PERF_OTEL_DB_SLOW_QUERY_MS: '200',
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    });
    try {
      await app.waitForLine('workload done');
      await pollUntil('the slow-query log record', async () => (receiver.logs.length > 0 ? true : undefined), 15000);
      const s = await scrape(app.metricsPort);
      const pool = `127.0.0.1:${server.port}/${database}`;
      expect(
        sumOf(s, 'perf_otel_db_slow_queries_total', {
          db_system_name: 'mariadb',
          db_query_summary: 'SELECT',
          db_namespace: database,
          db_client_connection_pool_name: pool,
        }),
      ).toBe(1);
      expect(sumOf(s, 'perf_otel_db_slow_queries_total')).toBe(1);
      await app.stop();
      expect(receiver.logs).toHaveLength(1);
      const [record] = receiver.logs;
      expect(record.eventName).toBe('perf_otel.db.slow_query');
      expect(record.attributes['db.query.text']).toBe('SELECT SLEEP(?), ? AS pan, ? AS pin, ? AS email, ? AS name');
      expect(record.attributes).toMatchObject({ 'db.operation.name': 'SELECT', 'db.namespace': database, 'db.system.name': 'mariadb' });
      expect(record.attributes['perf_otel.db.duration']).toBeGreaterThanOrEqual(0.4);
      expect(JSON.stringify(receiver.logs)).not.toMatch(/4111|31337|alice|brien|2718|0\.4\)/);
      expect(JSON.stringify(receiver.logs)).not.toContain(server.password);
    } finally {
      await app.stop();
      await receiver.stop();
      await server.stop();
    }
  });

  it('with metrics for Prometheus only, says once at start that the records have no exporter, and doctor says it too', async () => {
    const expected =
      'perf-otel: PERF_OTEL_DB_SLOW_QUERY_MS=200: slow-statement log records have no exporter with ' +
      'OTEL_METRICS_EXPORTER=prometheus (records go over OTLP, to the Collector, or to the console); only the counter ' +
      'perf_otel_db_slow_queries_total shows them. Add otlp to OTEL_METRICS_EXPORTER (e.g. otlp,prometheus, with the Collector) to receive them.';
    const db = await createTempDatabase();
    const env = { PORT: '0', DATABASE_URL: db.connectionString, PERF_OTEL_DB_SLOW_QUERY_MS: '200', OTEL_METRICS_EXPORTER: 'prometheus' };
    const app = await runInstrumented('pg-slow.js', env);
    try {
      await app.waitForLine('workload done');
      expect(sumOf(await scrape(app.metricsPort), 'perf_otel_db_slow_queries_total')).toBe(1);
      expect(
        app
          .stderr()
          .split('\n')
          .filter((line) => line.includes('slow-statement log records')),
      ).toEqual([expected]);
    } finally {
      await app.stop();
      await db.drop();
    }
    const doctor = await new Promise<string>((done) =>
      execFile(
        process.execPath,
        [join(REPO_ROOT, 'packages/cli/dist/bin.js'), 'doctor', '--prometheus', 'http://127.0.0.1:9'],
        { env: { ...process.env, ...env, OTEL_EXPORTER_PROMETHEUS_PORT: undefined } },
        (_err, stdout) => done(stdout),
      ),
    );
    const lines = doctor.split('\n');
    const at = lines.findIndex((line) => line.startsWith('FAIL  slow-query records: '));
    expect(lines[at]).toBe(`FAIL  slow-query records: ${expected.slice('perf-otel: '.length, expected.indexOf(' Add otlp'))}`);
    expect(lines[at + 1]).toBe('      fix: Add otlp to OTEL_METRICS_EXPORTER (e.g. otlp,prometheus, with the Collector) to receive them.');
  });
});
