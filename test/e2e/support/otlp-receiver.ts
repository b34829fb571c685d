// An OTLP/HTTP metrics receiver for tests: decodes protobuf (with the upstream .proto field
// numbers) and JSON bodies into one plain shape, and can be told to fail or hang.
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { freePort } from '../../harness';

export interface ReceivedPoint {
  attributes: Record<string, unknown>;
  value?: number;
  count?: number;
  sum?: number;
  bucketCounts?: number[];
  bounds?: number[];
}
export interface ReceivedMetric {
  name: string;
  unit: string;
  kind: 'gauge' | 'sum' | 'histogram';
  temporality?: number;
  monotonic?: boolean;
  points: ReceivedPoint[];
}
export interface ReceivedExport {
  contentType: string;
  resource: Record<string, unknown>;
  scopes: string[];
  metrics: ReceivedMetric[];
}

export interface ReceivedLog {
  eventName: string;
  severityText: string;
  body: unknown;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface OtlpReceiver {
  url: string;
  exports: ReceivedExport[];
  logs: ReceivedLog[];
  /** Requests received so far, answered or refused. */
  requests(): number;
  /** The headers of the last request. */
  headers(): Record<string, string | string[] | undefined>;
  /** Answer every request with this status (default 200) and, optionally, this raw body. */
  respondWith(status: number, body?: string): void;
  /** How many requests were answered with a status other than 200. */
  readonly refused: number;
  stop(): Promise<void>;
}

let root: protobuf.Root | undefined;
export function decode(type: string, raw: Buffer): AnyJson {
  root ??= protobuf.loadSync(join(__dirname, 'otlp-metrics.proto'));
  const t = root.lookupType(type);
  return t.toObject(t.decode(raw), { enums: Number, longs: Number, defaults: false });
}

export function normaliseLogs(body: AnyJson): ReceivedLog[] {
  return (body.resourceLogs ?? []).flatMap((rl: AnyJson) =>
    (rl.scopeLogs ?? []).flatMap((sl: AnyJson) =>
      (sl.logRecords ?? []).map((r: AnyJson) => ({
        eventName: r.eventName ?? '',
        severityText: r.severityText ?? '',
        body: r.body?.stringValue,
        attributes: attrs(r.attributes),
        resource: attrs(rl.resource?.attributes),
      })),
    ),
  );
}

type AnyJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function attrs(list: AnyJson[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) {
    const v = kv.value ?? {};
    out[kv.key] = v.stringValue ?? v.boolValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue;
  }
  return out;
}

export function normalise(body: AnyJson, contentType: string): ReceivedExport[] {
  return (body.resourceMetrics ?? []).map((rm: AnyJson) => ({
    contentType,
    resource: attrs(rm.resource?.attributes),
    scopes: (rm.scopeMetrics ?? []).map((sm: AnyJson) => sm.scope?.name),
    metrics: (rm.scopeMetrics ?? []).flatMap((sm: AnyJson) =>
      (sm.metrics ?? []).map((m: AnyJson): ReceivedMetric => {
        const kind = m.histogram ? 'histogram' : m.sum ? 'sum' : 'gauge';
        const data = m.histogram ?? m.sum ?? m.gauge ?? {};
        return {
          name: m.name,
          unit: m.unit ?? '',
          kind,
          temporality: data.aggregationTemporality,
          monotonic: data.isMonotonic,
          points: (data.dataPoints ?? []).map((p: AnyJson) => ({
            attributes: attrs(p.attributes),
            value: p.asDouble ?? (p.asInt !== undefined ? Number(p.asInt) : undefined),
            count: p.count !== undefined ? Number(p.count) : undefined,
            sum: p.sum,
            bucketCounts: p.bucketCounts?.map(Number),
            bounds: p.explicitBounds,
          })),
        };
      }),
    ),
  }));
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const port = await freePort();
  const exports: ReceivedExport[] = [];
  const logs: ReceivedLog[] = [];
  let status = 200;
  let rawBody: string | undefined;
  let requests = 0;
  let lastHeaders: Record<string, string | string[] | undefined> = {};
  let refused = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    lastHeaders = req.headers;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const type = req.headers['content-type'] ?? '';
      if (status === 200) {
        const isLogs = req.url === '/v1/logs';
        const body = type.includes('json')
          ? JSON.parse(raw.toString('utf8'))
          : decode(isLogs ? 'otlp.ExportLogsServiceRequest' : 'otlp.ExportMetricsServiceRequest', raw);
        if (isLogs) logs.push(...normaliseLogs(body));
        else exports.push(...normalise(body, type));
      } else {
        refused++;
      }
      res.writeHead(status, { 'content-type': type || 'application/x-protobuf' }).end(rawBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    logs,
    requests: () => requests,
    headers: () => lastHeaders,
    respondWith: (s, body) => {
      status = s;
      rawBody = body;
    },
    get refused() {
      return refused;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The last exported value of a cumulative metric's points matching `match`, summed. */
export function lastCount(exports: ReceivedExport[], name: string, match: Record<string, unknown> = {}): number {
  for (let i = exports.length - 1; i >= 0; i--) {
    const m = exports[i].metrics.find((x) => x.name === name);
    if (!m) continue;
    return m.points.filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v)).reduce((a, p) => a + (p.count ?? p.value ?? 0), 0);
  }
  return 0;
}
