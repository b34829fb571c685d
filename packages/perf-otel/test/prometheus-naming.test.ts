import { labelName, metricName } from '../src/export/prometheus/naming';

// Expected names are those the OpenTelemetry Collector's prometheus exporter produces by default.
describe('Collector-style Prometheus names', () => {
  it.each([
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['http.server.active_requests', '{request}', 'gauge', 'http_server_active_requests'],
    ['http.server.request.body.size', 'By', 'histogram', 'http_server_request_body_size_bytes'],
    ['process.cpu.time', 's', 'counter', 'process_cpu_time_seconds_total'],
    ['nodejs.eventloop.utilization', '1', 'gauge', 'nodejs_eventloop_utilization_ratio'],
    ['db.client.connection.timeouts', '{timeout}', 'counter', 'db_client_connection_timeouts_total'],
    ['system.network.io', 'By', 'counter', 'system_network_io_bytes_total'],
    ['app.requests.total', '', 'counter', 'app_requests_total'],
    ['queue.rate', '1/s', 'gauge', 'queue_rate_per_second'],
  ] as const)('%s [%s] %s → %s', (name, unit, kind, expected) => {
    expect(metricName(name, unit, kind)).toBe(expected);
  });

  it('labels', () => {
    expect(labelName('http.response.status_code')).toBe('http_response_status_code');
    expect(labelName('9lives')).toBe('key_9lives');
    expect(labelName('_private')).toBe('key_private');
    expect(labelName('__name__')).toBe('key__name__');
    expect(labelName('ключ')).toBe('key____');
  });
});
