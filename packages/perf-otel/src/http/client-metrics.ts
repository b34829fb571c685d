// HTTP client metrics for node:http/https and for fetch/undici, from the diagnostics channels both
// publish. Exports of our own exporters are left out: they would otherwise measure themselves.
import { performance } from 'node:perf_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { FastHistogram } from '../metric-store/instruments';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_SCHEME,
  HTTP_DURATION_BUCKETS_SECONDS,
  METRIC_HTTP_CLIENT_REQUEST_DURATION,
} from '../semconv';
import { normalizeMethod } from './methods';

const KEYS = [ATTR_URL_SCHEME, ATTR_HTTP_REQUEST_METHOD, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_ERROR_TYPE];
const kStart = Symbol('perf-otel.http.client.start');
const OWN_USER_AGENT = /^(?:OTel-OTLP-Exporter|perf-otel)/;

type Tracked = { [kStart]?: number };

export function createClientDuration(producer: FastMetricProducer): FastHistogram {
  return producer.histogram(
    { name: METRIC_HTTP_CLIENT_REQUEST_DURATION, unit: 's', description: 'Duration of HTTP client requests.' },
    HTTP_DURATION_BUCKETS_SECONDS,
    KEYS,
  );
}

function isOwnExport(userAgent: unknown): boolean {
  return typeof userAgent === 'string' && OWN_USER_AGENT.test(userAgent);
}

function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return (error as Error | null)?.constructor?.name ?? '_OTHER';
}

interface ClientTarget {
  scheme: string;
  host: string | undefined;
  port: number;
}

interface ClientHooks<R> {
  channels: { start: string; response: string; error: string };
  isOwnExport(request: R): boolean;
  /** Writes url.scheme, server.address and server.port into attrs[0], [2] and [3]: no object per request. */
  target(request: R, attrs: unknown[]): void;
  method(request: R): string | undefined;
}

/** The same three moments for every client library: request start, response (status) or error. */
function trackClientRequests<R extends Tracked>(duration: FastHistogram, hooks: ClientHooks<R>): () => void {
  const attrs: unknown[] = new Array(KEYS.length);

  function record(request: R, status: number | undefined, error: string | undefined): void {
    const start = request[kStart];
    if (start === undefined) return;
    request[kStart] = undefined;
    hooks.target(request, attrs);
    attrs[1] = normalizeMethod(hooks.method(request));
    attrs[4] = status;
    attrs[5] = error ?? (status !== undefined && status >= 400 ? String(status) : undefined);
    duration.record((performance.now() - start) / 1000, attrs);
  }

  const onStart = (m: unknown): void => {
    const { request } = m as { request: R };
    if (!hooks.isOwnExport(request)) request[kStart] = performance.now();
  };
  const onResponse = (m: unknown): void => {
    const { request, response } = m as { request: R; response: { statusCode?: number } };
    record(request, response.statusCode, undefined);
  };
  const onError = (m: unknown): void => {
    const { request, error } = m as { request: R; error: unknown };
    record(request, undefined, errorType(error));
  };
  const { start, response, error } = hooks.channels;
  subscribe(start, onStart);
  subscribe(response, onResponse);
  subscribe(error, onError);
  return () => {
    unsubscribe(start, onStart);
    unsubscribe(response, onResponse);
    unsubscribe(error, onError);
  };
}

/** node:http and node:https clients. */
export function instrumentHttpClient(duration: FastHistogram): () => void {
  return trackClientRequests<ClientRequest & Tracked>(duration, {
    channels: { start: 'http.client.request.start', response: 'http.client.response.finish', error: 'http.client.request.error' },
    isOwnExport: (r) => isOwnExport(r.getHeader('user-agent')),
    method: (r) => r.method,
    target: (r, attrs) => {
      const https = r.protocol === 'https:';
      const hostHeader = r.getHeader('host');
      attrs[0] = https ? 'https' : 'http';
      attrs[2] = r.host;
      attrs[3] = portOf(typeof hostHeader === 'string' ? hostHeader : undefined, https);
    },
  });
}

function portOf(hostHeader: string | undefined, https: boolean): number {
  const colon = hostHeader?.lastIndexOf(':') ?? -1;
  if (hostHeader !== undefined && colon > -1 && !hostHeader.endsWith(']')) {
    const p = Number(hostHeader.slice(colon + 1));
    if (Number.isInteger(p)) return p;
  }
  return https ? 443 : 80;
}

interface UndiciRequest extends Tracked {
  origin: string | URL;
  method: string;
  headers: string | string[];
}

/** fetch() and undici: Node's bundled undici publishes these channels too. */
export function instrumentUndici(duration: FastHistogram): () => void {
  const origins = new Map<string, ClientTarget>();
  return trackClientRequests<UndiciRequest>(duration, {
    channels: { start: 'undici:request:create', response: 'undici:request:headers', error: 'undici:request:error' },
    isOwnExport: (r) => isOwnExport(userAgentOf(r.headers)),
    method: (r) => r.method,
    target: (r, attrs) => {
      const key = String(r.origin);
      let o = origins.get(key);
      if (o === undefined) {
        const u = new URL(key);
        const scheme = u.protocol.replace(':', '');
        o = { scheme, host: u.hostname, port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80 };
        // Bounded: a client calling ever-new hosts must not grow this cache.
        if (origins.size < 1000) origins.set(key, o);
      }
      attrs[0] = o.scheme;
      attrs[2] = o.host;
      attrs[3] = o.port;
    },
  });
}

function userAgentOf(headers: string | string[]): string | undefined {
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) {
      if (headers[i].toLowerCase() === 'user-agent') return headers[i + 1];
    }
    return undefined;
  }
  const m = /(?:^|\r\n)user-agent:\s*([^\r\n]*)/i.exec(headers);
  return m?.[1];
}
