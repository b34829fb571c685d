// The analyses as a small REST API (JSON): for dashboards (Grafana's Infinity datasource) and other systems.
import { timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { SloSpec } from '@org/perf-otel-slo';
import { serviceScope } from '../analyses/context';
import { runCompare } from '../compare';
import { InputError, parseDuration, parseWindow } from '../durations';
import { runInsights } from '../insights';
import { eq } from '../promql/expr';
import { PrometheusError } from '../prometheus-client';
import { runSloReport } from '../slo-report';
import type { MetricsSource } from '../source';
import { runTrends } from '../trends';
import { OPENAPI } from './openapi';

export interface ApiServerOptions {
  source: MetricsSource;
  /** When set, every request but /api/v1/openapi.json needs `Authorization: Bearer <token>`. */
  token?: string;
  sloSpecs?: SloSpec[];
  scrapeIntervalSeconds?: number;
  /** Unix seconds "now"; tests pin it. */
  clock?: () => number;
  /** Refuses a request with 403 when it returns a reason (perf-otel serve: loopback requests from tools, not web pages). */
  checkRequest?: (req: IncomingMessage) => string | undefined;
}

/** The longest range or window a request may ask for: each one is a set of Prometheus range queries. */
const MAX_RANGE_SECONDS = 90 * 86400;

function range(query: URLSearchParams, dflt: string): number {
  const text = param(query, 'range') ?? dflt;
  const seconds = parseDuration(text, 'range');
  if (seconds > MAX_RANGE_SECONDS) throw new InputError(`range "${text.slice(0, 20)}" is longer than 90d; ask for at most 90d, e.g. range=30d`);
  return seconds;
}

function window(name: string, text: string) {
  const w = parseWindow(text, name);
  if (w.end - w.start > MAX_RANGE_SECONDS) throw new InputError(`${name} "${text.slice(0, 60)}" is longer than 90 days; ask for a shorter window`);
  return w;
}

type Handler = (query: URLSearchParams, options: ApiServerOptions) => Promise<unknown>;

const param = (query: URLSearchParams, name: string): string | undefined => query.get(name) ?? undefined;

function numberParam(query: URLSearchParams, name: string): number | undefined {
  const text = param(query, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InputError(`${name}=${text} is not a positive number of seconds, e.g. ${name}=0.5`);
  return value;
}

const now = (options: ApiServerOptions) => options.clock?.() ?? Date.now() / 1000;

const HANDLERS: Record<string, Handler> = {
  '/api/v1/insights': (q, o) =>
    runInsights(o.source, {
      service: param(q, 'service'),
      windowSeconds: range(q, '1h'),
      end: now(o),
      latencyThresholdSeconds: numberParam(q, 'threshold'),
      scrapeIntervalSeconds: o.scrapeIntervalSeconds,
    }),
  '/api/v1/trends': (q, o) =>
    runTrends(o.source, {
      service: param(q, 'service'),
      scope: serviceScope(param(q, 'service')),
      end: now(o),
      rangeSeconds: range(q, '7d'),
      scrapeIntervalSeconds: o.scrapeIntervalSeconds,
    }),
  '/api/v1/compare': (q, o) => {
    const service = param(q, 'service');
    const scope = serviceScope(service);
    const [before, after, vBefore, vAfter] = ['before', 'after', 'version_before', 'version_after'].map((n) => param(q, n));
    if (before !== undefined && after !== undefined) {
      return runCompare(o.source, {
        service,
        scrapeIntervalSeconds: o.scrapeIntervalSeconds,
        before: { label: before, scope, ...window('before', before) },
        after: { label: after, scope, ...window('after', after) },
      });
    }
    if (vBefore === undefined || vAfter === undefined) throw new InputError('give before and after windows, or version_before and version_after');
    const end = now(o);
    const start = end - range(q, '7d');
    const side = (v: string) => ({ label: `version ${v}`, scope: [...scope, eq('service_version', v)], start, end });
    return runCompare(o.source, { service, scrapeIntervalSeconds: o.scrapeIntervalSeconds, before: side(vBefore), after: side(vAfter) });
  },
  '/api/v1/slo': async (_q, o) => {
    if (!o.sloSpecs) throw new InputError('this server was started without SLO files; start it with --slo deploy/slo');
    return runSloReport(o.source, o.sloSpecs, now(o));
  },
};

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function authorised(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createApiServer(options: ApiServerOptions): Server {
  return createServer((req, res) => {
    const refused = options.checkRequest?.(req);
    if (refused !== undefined) return send(res, 403, { error: refused });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return send(res, 405, { error: 'only GET is supported' });
    if (url.pathname === '/api/v1/openapi.json') return send(res, 200, OPENAPI);
    if (!authorised(req, options.token)) {
      res.setHeader('www-authenticate', 'Bearer');
      return send(res, 401, { error: 'send Authorization: Bearer <token> (the token the server was started with)' });
    }
    const handler = HANDLERS[url.pathname];
    if (!handler) return send(res, 404, { error: `no such endpoint ${url.pathname}; see /api/v1/openapi.json` });
    // Through a promise: a handler that throws while parsing parameters must answer 400, not crash the server.
    Promise.resolve()
      .then(() => handler(url.searchParams, options))
      .then(
        (result) => send(res, 200, result),
        (error: unknown) => {
          if (error instanceof InputError) return send(res, 400, { error: error.message });
          if (error instanceof PrometheusError) return send(res, 502, { error: error.message });
          send(res, 500, { error: (error as Error).message });
        },
      );
  });
}
