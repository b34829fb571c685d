// The /metrics parser the demo's report relies on: label values with escapes, +Inf, comments.
import { parseExposition } from '../../../packages/insights/src/promql/exposition';

test('parses names, escaped label values, special values and skips comments', () => {
  const text = [
    '# HELP http_server_request_duration_seconds Duration',
    '# TYPE http_server_request_duration_seconds histogram',
    'http_server_request_duration_seconds_bucket{http_route="/a,b}",note="say \\"hi\\"\\\\n",le="+Inf"} 3',
    'process_uptime_seconds 12.5 1700000000000',
    'nodejs_eventloop_delay_max_seconds{job="x"} +Inf',
    '',
  ].join('\n');
  expect(parseExposition(text)).toEqual([
    { name: 'http_server_request_duration_seconds_bucket', labels: { http_route: '/a,b}', note: 'say "hi"\\n', le: '+Inf' }, value: 3 },
    { name: 'process_uptime_seconds', labels: {}, value: 12.5 },
    { name: 'nodejs_eventloop_delay_max_seconds', labels: { job: 'x' }, value: Infinity },
  ]);
});

test('a malformed line names its line number', () => {
  expect(() => parseExposition('ok 1\n{job="x"} 2\n')).toThrow('metrics line 2: no metric name in "{job="x"} 2"');
});
