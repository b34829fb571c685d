import { once } from 'node:events';
import { createApiServer } from '@org/perf-otel-insights';
import { localRequestProblem } from '@org/perf-otel-profiler';
import { loadSloSpecs, SloSpec } from '@org/perf-otel-slo';
import { Command, UsageError } from '../command';
import { parseOptions } from '../parse-options';
import { prometheusSource, PROMETHEUS_HELP, scrapeInterval } from './analysis-options';

export const SERVE_TOKEN_ENV = 'PERF_OTEL_SERVE_TOKEN';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const serve: Command = {
  name: 'serve',
  summary: 'The analyses as a REST API (/api/v1/insights, /trends, /compare, /slo, /openapi.json) for Grafana Infinity and others',
  usage:
    'serve [--port 9470] [--host 127.0.0.1] [--token T] [--slo deploy/slo] [--prometheus URL] [--scrape-interval 15s]\n' +
    `  Any host but loopback needs a bearer token (--token or $${SERVE_TOKEN_ENV}). ${PROMETHEUS_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      slo: { type: 'string' },
      prometheus: { type: 'string' },
      'scrape-interval': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const host = values.host ?? '127.0.0.1';
    const port = Number(values.port ?? 9470);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${values.port}" is not a port; write e.g. --port 9470`);
    const token = values.token ?? process.env[SERVE_TOKEN_ENV];
    if (!LOOPBACK.has(host) && !token) {
      throw new UsageError(`--host ${host} exposes the API beyond this machine: set a bearer token with --token or ${SERVE_TOKEN_ENV}`);
    }
    const sloSpecs: SloSpec[] | undefined = values.slo === undefined ? undefined : await loadSloSpecs(values.slo, io.cwd);
    // Token-free on loopback: only tools may ask, not web pages (DNS rebinding, cross-site requests).
    const policy = { host, tokenRequired: Boolean(token), tokenHint: `set a bearer token with --token or ${SERVE_TOKEN_ENV}` };
    const server = createApiServer({
      source: prometheusSource(values),
      token,
      sloSpecs,
      scrapeIntervalSeconds: scrapeInterval(values),
      checkRequest: (req) => localRequestProblem(req, policy),
    });
    server.listen(port, host);
    await once(server, 'listening');
    const address = server.address();
    const bound =
      typeof address === 'object' && address
        ? `${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`
        : `${host}:${port}`;
    io.err(`perf-otel serve: listening on http://${bound}/api/v1/ (OpenAPI at /api/v1/openapi.json${token ? ', bearer token required' : ''})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
