// OTLP over gRPC to a real gRPC receiver: the headers from the environment and from start() travel as
// metadata, and slow-query records are exported as logs (with the logs headers, not the metrics ones).
import { createTempDatabase, pollUntil, startChildApp } from '../../harness';
import { startOtlpGrpcReceiver } from '../support/otlp-grpc-receiver';
import { lastCount } from '../support/otlp-receiver';
import { fixture } from '../support/paths';
import { REPO_ROOT, runInstrumented } from '../support/run-app';

describe('OTLP over gRPC', () => {
  it('start({ otlp: { headers } }) and OTEL_EXPORTER_OTLP_HEADERS reach the receiver as metadata', async () => {
    const receiver = await startOtlpGrpcReceiver();
    try {
      const app = await startChildApp({
        script: fixture('grpc-headers.js'),
        cwd: REPO_ROOT,
        env: { RECEIVER_URL: receiver.url, OTEL_EXPORTER_OTLP_HEADERS: 'x-from-env=env-value' },
      });
      const exit = await app.exited;
      expect({ code: exit.code, stdout: exit.stdout.trim() }).toEqual({ code: 0, stdout: 'done' });
      expect(lastCount(receiver.exports, 'http.server.request.duration', { 'http.route': '/orders/:id' })).toBe(3);
      expect(receiver.metricsMetadata.length).toBeGreaterThan(0);
      for (const metadata of receiver.metricsMetadata) expect(metadata).toMatchObject({ 'x-from-code': 'code-value', 'x-from-env': 'env-value' });
    } finally {
      await receiver.stop();
    }
  });

  it('slow-query records go out as OTLP/gRPC logs, with the logs headers; metrics carry the metrics headers', async () => {
    const db = await createTempDatabase();
    const receiver = await startOtlpGrpcReceiver();
    const app = await runInstrumented('pg-slow.js', {
      PORT: '0',
      DATABASE_URL: db.connectionString,
      PERF_OTEL_DB_SLOW_QUERY_MS: '200',
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-all=1',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-metrics=1',
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'x-logs=1',
    });
    try {
      await app.waitForLine('workload done');
      await pollUntil('the slow-query log record over gRPC', async () => (receiver.logs.length > 0 ? true : undefined), 15000);
      const exit = await app.stop();
      expect(exit.signal).toBe('SIGTERM');
      expect(receiver.logs).toHaveLength(1);
      expect(receiver.logs[0]).toMatchObject({
        eventName: 'perf_otel.db.slow_query',
        attributes: { 'db.query.text': 'SELECT pg_sleep(?), ? AS pan, ? AS pin WHERE ? <> ?' },
      });
      expect(receiver.logsMetadata[0]).toMatchObject({ 'x-all': '1', 'x-logs': '1' });
      expect(receiver.logsMetadata[0]['x-metrics']).toBeUndefined();
      expect(receiver.metricsMetadata.length).toBeGreaterThan(0);
      expect(receiver.metricsMetadata[0]).toMatchObject({ 'x-all': '1', 'x-metrics': '1' });
      expect(receiver.metricsMetadata[0]['x-logs']).toBeUndefined();
    } finally {
      await app.stop();
      await receiver.stop();
      await db.drop();
    }
  });
});
