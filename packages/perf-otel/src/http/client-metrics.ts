// HTTP client metrics for node:http/https and for fetch/undici, from the diagnostics channels both
// publish. Exports of our own exporters are left out: they would otherwise measure themselves.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { FastHistogram } from '../metric-store/instruments';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import {
  ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT,
  ATTR_URL_SCHEME, HTTP_DURATION_BUCKETS_SECONDS, METRIC_HTTP_CLIENT_REQUEST_DURATION,
} from '../semconv';
import { normalizeMethod } from './methods';

const KEYS = [ATTR_URL_SCHEME, ATTR_HTTP_REQUEST_METHOD, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_ERROR_TYPE];
const kStart = Symbol('perf-otel.http.client.start');
const OWN_USER_AGENTS = ['OTel-OTLP-Exporter', 'perf-otel'];

type Tracked = { [kStart]?: number };

export function createClientDuration(producer: FastMetricProducer): FastHistogram {
  return producer.histogram(
    { name: METRIC_HTTP_CLIENT_REQUEST_DURATION, unit: 's', description: 'Duration of HTTP client requests.' },
    HTTP_DURATION_BUCKETS_SECONDS, KEYS);
}

function isOwnExport(userAgent: unknown): boolean {
  return typeof userAgent === 'string' && OWN_USER_AGENTS.some((p) => userAgent.startsWith(p));
}

function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return (error as Error | null)?.constructor?.name ?? '_OTHER';
}

/** node:http and node:https clients. */
export function instrumentHttpClient(duration: FastHistogram): () => void {
  const attrs: unknown[] = new Array(KEYS.length);

  function record(request: ClientRequest & Tracked, status: number | undefined, error: string | undefined): void {
    const start = request[kStart];
    if (start === undefined) return;
    request[kStart] = undefined;
    const https = request.protocol === 'https:';
    const hostHeader = request.getHeader('host');
    attrs[0] = https ? 'https' : 'http';
    attrs[1] = normalizeMethod(request.method);
    attrs[2] = request.host;
    attrs[3] = portOf(typeof hostHeader === 'string' ? hostHeader : undefined, https);
    attrs[4] = status;
    attrs[5] = error ?? (status !== undefined && status >= 400 ? String(status) : undefined);
    duration.record((performance.now() - start) / 1000, attrs);
  }

  const onStart = (m: unknown): void => {
    const { request } = m as { request: ClientRequest & Tracked };
    if (!isOwnExport(request.getHeader('user-agent'))) request[kStart] = performance.now();
  };
  const onResponse = (m: unknown): void => {
    const { request, response } = m as { request: ClientRequest & Tracked; response: IncomingMessage };
    record(request, response.statusCode, undefined);
  };
  const onError = (m: unknown): void => {
    const { request, error } = m as { request: ClientRequest & Tracked; error: unknown };
    record(request, undefined, errorType(error));
  };

  subscribe('http.client.request.start', onStart);
  subscribe('http.client.response.finish', onResponse);
  subscribe('http.client.request.error', onError);
  return () => {
    unsubscribe('http.client.request.start', onStart);
    unsubscribe('http.client.response.finish', onResponse);
    unsubscribe('http.client.request.error', onError);
  };
}

function portOf(hostHeader: string | undefined, https: boolean): number {
  const colon = hostHeader?.lastIndexOf(':') ?? -1;
  if (hostHeader !== undefined && colon > -1 && !hostHeader.endsWith(']')) {
    const p = Number(hostHeader.slice(colon + 1));
    if (Number.isInteger(p)) return p;
  }
  return https ? 443 : 80;
}

interface UndiciRequest extends Tracked { origin: string | URL; method: string; headers: string | string[] }

/** fetch() and undici: Node's bundled undici publishes these channels too. */
export function instrumentUndici(duration: FastHistogram): () => void {
  const attrs: unknown[] = new Array(KEYS.length);
  const origins = new Map<string, { scheme: string; host: string; port: number }>();

  function originOf(origin: string | URL): { scheme: string; host: string; port: number } {
    const key = String(origin);
    let o = origins.get(key);
    if (o === undefined) {
      const u = new URL(key);
      const scheme = u.protocol.replace(':', '');
      o = { scheme, host: u.hostname, port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80 };
      if (origins.size < 1000) origins.set(key, o);
    }
    return o;
  }

  function record(request: UndiciRequest, status: number | undefined, error: string | undefined): void {
    const start = request[kStart];
    if (start === undefined) return;
    request[kStart] = undefined;
    const o = originOf(request.origin);
    attrs[0] = o.scheme;
    attrs[1] = normalizeMethod(request.method);
    attrs[2] = o.host;
    attrs[3] = o.port;
    attrs[4] = status;
    attrs[5] = error ?? (status !== undefined && status >= 400 ? String(status) : undefined);
    duration.record((performance.now() - start) / 1000, attrs);
  }

  const onCreate = (m: unknown): void => {
    const { request } = m as { request: UndiciRequest };
    if (!isOwnExport(userAgentOf(request.headers))) request[kStart] = performance.now();
  };
  const onHeaders = (m: unknown): void => {
    const { request, response } = m as { request: UndiciRequest; response: { statusCode: number } };
    record(request, response.statusCode, undefined);
  };
  const onError = (m: unknown): void => {
    const { request, error } = m as { request: UndiciRequest; error: unknown };
    record(request, undefined, errorType(error));
  };
  subscribe('undici:request:create', onCreate);
  subscribe('undici:request:headers', onHeaders);
  subscribe('undici:request:error', onError);
  return () => {
    unsubscribe('undici:request:create', onCreate);
    unsubscribe('undici:request:headers', onHeaders);
    unsubscribe('undici:request:error', onError);
  };
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
