// The OpenAPI description served at /api/v1/openapi.json (what Grafana's Infinity datasource and
// other clients read to learn the parameters).
const service = { name: 'service', in: 'query', schema: { type: 'string' }, description: 'Prometheus job (service.name); all services when absent' };
const range = (dflt: string) => ({ name: 'range', in: 'query', schema: { type: 'string', default: dflt }, description: 'Duration, e.g. 30m, 1h, 7d' });
const json = (description: string) => ({
  200: { description, content: { 'application/json': { schema: { type: 'object' } } } },
  400: { description: 'bad parameter; `error` says which and how to fix it' },
  401: { description: 'missing or wrong bearer token' },
  502: { description: 'Prometheus unreachable or refused the query' },
});

export const OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'perf-otel analysis API', version: '1', description: 'The analyses of `perf-otel insights`, `trends`, `compare` and `slo report` as JSON.' },
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/insights': {
      get: {
        summary: 'Ranked findings with evidence and actions',
        parameters: [
          service,
          range('1h'),
          { name: 'threshold', in: 'query', schema: { type: 'number', default: 0.5 }, description: 'p95/p99 threshold in seconds' },
        ],
        responses: json('InsightsResult: findings[], endpoints[], dbOperations[], latencyOverTime[]'),
      },
    },
    '/api/v1/trends': {
      get: {
        summary: 'Slope, significance and verdict per endpoint and resource',
        parameters: [service, range('7d')],
        responses: json('TrendsResult: items[]'),
      },
    },
    '/api/v1/compare': {
      get: {
        summary: 'Before/after by time windows or service versions (Welch t-test)',
        parameters: [
          service,
          range('7d'),
          { name: 'before', in: 'query', schema: { type: 'string' }, description: 'START/END, e.g. 2026-11-20T10:00Z/2026-11-20T11:00Z' },
          { name: 'after', in: 'query', schema: { type: 'string' } },
          { name: 'version_before', in: 'query', schema: { type: 'string' } },
          { name: 'version_after', in: 'query', schema: { type: 'string' } },
        ],
        responses: json('CompareResult: items[], verdict'),
      },
    },
    '/api/v1/slo': {
      get: { summary: 'Compliance and error budget of the SLO files the server was started with', responses: json('SloReportResult: items[]') },
    },
    '/api/v1/openapi.json': { get: { summary: 'This description', security: [], responses: { 200: { description: 'OpenAPI 3 document' } } } },
  },
};
