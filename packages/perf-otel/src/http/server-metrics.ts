// HTTP server metrics from Node's own diagnostics channels: no patching, no spans, no context.
// Node publishes `http.server.request.start` and `http.server.response.finish` for every request
// of every http/https server, whatever framework sits on top.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Meter } from '@opentelemetry/api';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_SCHEME,
  BODY_SIZE_BUCKETS_BYTES,
  METRIC_HTTP_SERVER_ACTIVE_REQUESTS,
  METRIC_HTTP_SERVER_REQUEST_BODY_SIZE,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
  METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE,
} from '../semconv';
import { InflightTable } from './inflight';
import { normalizeMethod } from './methods';
import { isOwnServer } from './own-servers';
import { requestRoute, type RoutedRequest } from './route-slot';
import type { RouteTemplater } from './route-template';
import type { TenantContext, TenantValues } from '../tenant/tenant-context';
import type { RequestScope } from '../db/request-scope';

export interface HttpServerMetricsOptions {
  /** The path template for requests no framework routed (PERF_OTEL_HTTP_ROUTE_FROM_PATH), shared with the request scope. */
  routeTemplate: RouteTemplater | undefined;
  ignorePaths: ReadonlySet<string>;
  durationBuckets: readonly number[];
  tenant: TenantContext | undefined;
  /** Carries the request to the database instrumentations, which count operations on it. */
  requests: RequestScope | undefined;
}

const ABORTED = 'aborted';

type TrackedRequest = IncomingMessage & RoutedRequest;
type TrackedResponse = ServerResponse & { _contentLength?: unknown };
interface ServerMessage {
  request: TrackedRequest;
  response: TrackedResponse;
  server: Server;
  socket: SocketWithResponse;
}
// Marks a connection that already carries our close listener. Not a map from the socket to its
// latest response: that keeps each keep-alive connection's last response alive across garbage
// collections, which promotes them all to the old generation.
const kWatched = Symbol('perf-otel.http.server.watched');
type SocketWithResponse = Socket & { _httpMessage?: TrackedResponse | null; [kWatched]?: true };

// Key order: least variable first (see SeriesTree).
const REQUEST_KEYS = [ATTR_URL_SCHEME, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_ERROR_TYPE, ATTR_HTTP_ROUTE];

/** The attributes of every per-request server instrument, in recording order. */
export function httpServerRequestKeys(tenant: TenantContext | undefined): string[] {
  // Tenant attributes go last: they are the most variable.
  return [...REQUEST_KEYS, ...(tenant?.keys ?? [])];
}

export function instrumentHttpServer(producer: FastMetricProducer, meter: Meter, options: HttpServerMetricsOptions): () => void {
  const { ignorePaths, routeTemplate, tenant, requests, durationBuckets } = options;
  const keys = httpServerRequestKeys(tenant);
  const duration = producer.histogram(
    { name: METRIC_HTTP_SERVER_REQUEST_DURATION, unit: 's', description: 'Duration of HTTP server requests.' },
    durationBuckets,
    keys,
  );
  const requestSize = producer.histogram(
    { name: METRIC_HTTP_SERVER_REQUEST_BODY_SIZE, unit: 'By', description: 'Size of HTTP server request bodies.' },
    BODY_SIZE_BUCKETS_BYTES,
    keys,
  );
  const responseSize = producer.histogram(
    { name: METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE, unit: 'By', description: 'Size of HTTP server response bodies.' },
    BODY_SIZE_BUCKETS_BYTES,
    keys,
  );
  // In-flight responses are also what active_requests counts at collection time.
  const inflight = new InflightTable<TrackedResponse, TenantValues>();
  const active = meter.createObservableUpDownCounter(METRIC_HTTP_SERVER_ACTIVE_REQUESTS, {
    unit: '{request}',
    description: 'Number of active HTTP server requests.',
  });
  active.addCallback((r) => {
    const counts = new Map<string, { scheme: string; method: string; n: number }>();
    const count = (scheme: string, method: string, add: number) => {
      const key = `${scheme} ${method}`;
      const c = counts.get(key);
      if (c === undefined) counts.set(key, { scheme, method, n: add });
      else c.n += add;
    };
    // Every scheme+method that ever finished is reported, at 0 when idle, so the series does not
    // vanish between bursts; the duration histogram already holds them.
    for (const series of duration.series()) {
      const { [ATTR_URL_SCHEME]: scheme, [ATTR_HTTP_REQUEST_METHOD]: method } = series.attributes;
      if (typeof scheme === 'string' && typeof method === 'string') count(scheme, method, 0);
    }
    inflight.forEach((res, slot) => {
      // Left behind when neither 'finish' nor a socket close told us (a pipelined request queued
      // behind one whose client went away).
      if (res.destroyed || res.writableFinished) return inflight.close(slot);
      const req = res.req as IncomingMessage;
      count(schemeOf(req), normalizeMethod(req.method), 1);
    });
    for (const { scheme, method, n } of counts.values()) {
      r.observe(n, { [ATTR_URL_SCHEME]: scheme, [ATTR_HTTP_REQUEST_METHOD]: method });
    }
  });

  // Reused for every lookup: record() is synchronous, so one scratch array per instrument shape is safe.
  const attrs: unknown[] = new Array(keys.length);

  // A request whose client went away never reaches 'finish'; it is still a request the app took on,
  // so it is recorded when its connection closes, with error.type=aborted (as upstream does). One
  // listener per connection, not per request: keep-alive connections carry many requests.
  function onSocketClose(this: SocketWithResponse): void {
    // Node keeps the response being written on its socket until that response finishes.
    const response = this._httpMessage;
    if (response == null || response.writableFinished) return;
    const slot = inflight.find(response);
    if (slot !== -1) record(response.req as TrackedRequest, response, slot, ABORTED);
  }

  function onStart(message: unknown): void {
    const { request, response, server, socket } = message as ServerMessage;
    if (isOwnServer(server)) return;
    if (ignorePaths.size > 0 && ignorePaths.has(pathOf(request.url))) return;
    inflight.open(response, performance.now(), tenant?.enterRequest(request));
    requests?.enter(request);
    if (socket[kWatched] === undefined) {
      socket[kWatched] = true;
      socket.on('close', onSocketClose);
    }
  }

  function onFinish(message: unknown): void {
    const { request, response } = message as ServerMessage;
    const slot = inflight.find(response);
    if (slot !== -1) record(request, response, slot, undefined);
  }

  function record(request: TrackedRequest, response: TrackedResponse, slot: number, failure: string | undefined): void {
    const seconds = (performance.now() - inflight.start(slot)) / 1000;
    const tenantValues = inflight.extra(slot);
    inflight.close(slot);
    // A status code is only reported when one was actually sent.
    const status = failure !== undefined && !response.headersSent ? undefined : response.statusCode;
    attrs[0] = schemeOf(request);
    attrs[1] = normalizeMethod(request.method);
    attrs[2] = status;
    attrs[3] = failure ?? (status !== undefined && status >= 500 ? String(status) : undefined);
    attrs[4] = requestRoute(request, status, routeTemplate);
    if (tenantValues !== undefined) {
      for (let i = 0; i < tenantValues.length; i++) attrs[REQUEST_KEYS.length + i] = tenantValues[i];
    }
    duration.record(seconds, attrs);
    requests?.finished(request, attrs);
    // Bodiless methods skip the header scan: the hot path of most services is GET.
    const inBytes = attrs[1] === 'GET' || attrs[1] === 'HEAD' ? undefined : requestContentLength(request);
    if (inBytes !== undefined) requestSize.record(inBytes, attrs);
    const outBytes = failure === undefined ? responseContentLength(response) : undefined;
    if (outBytes !== undefined) responseSize.record(outBytes, attrs);
  }

  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  return () => {
    unsubscribe('http.server.request.start', onStart);
    unsubscribe('http.server.response.finish', onFinish);
  };
}

function schemeOf(req: IncomingMessage): string {
  return (req.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http';
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

// From rawHeaders rather than req.headers: the latter is built lazily and costs an object per request.
function requestContentLength(req: IncomingMessage): number | undefined {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      const n = Number(raw[i + 1]);
      return Number.isFinite(n) && n >= 0 ? n : undefined;
    }
  }
  return undefined;
}

function responseContentLength(res: TrackedResponse): number | undefined {
  const header = res.getHeader('content-length');
  const n = header !== undefined ? Number(header) : res._contentLength;
  // `_contentLength` is where Node keeps the length it computed for `res.end(body)` without a header.
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}
