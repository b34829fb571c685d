// The Prometheus names that dashboards, rules, insights, loadtest, slo and doctor use are derived from
// semconv.ts; each must be the name docs/metrics.md promises users (the Collector's translation).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as names from '../src/prometheus-names';

const metricsDoc = readFileSync(join(__dirname, '../../../docs/metrics.md'), 'utf8');

describe('Prometheus names derived from semconv.ts', () => {
  const metrics = Object.entries(names).filter((entry): entry is [string, string] => entry[0].startsWith('PROM_') && typeof entry[1] === 'string');

  it.each(metrics)('%s = %s is the name docs/metrics.md lists', (_key, name) => {
    // The doc lists the event-loop delay statistics once, as `…delay.{min,max,…,p99}` → `…_p99_seconds (etc.)`.
    const listed = name.replace(/^nodejs_eventloop_delay_(min|max|mean|stddev|p50|p90)_/, 'nodejs_eventloop_delay_p99_');
    expect(metricsDoc).toMatch(new RegExp(`\\b${listed}\\b`));
  });

  it('the names users query most, exactly', () => {
    expect([
      names.PROM_HTTP_SERVER_REQUEST_DURATION,
      names.PROM_DB_CLIENT_CONNECTION_TIMEOUTS,
      names.PROM_NODEJS_EVENTLOOP_UTILIZATION,
      names.PROM_SYSTEM_NETWORK_IO,
      names.LABEL_HTTP_ROUTE,
    ]).toEqual([
      'http_server_request_duration_seconds',
      'db_client_connection_timeouts_total',
      'nodejs_eventloop_utilization_ratio',
      'system_network_io_bytes_total',
      'http_route',
    ]);
  });
});
