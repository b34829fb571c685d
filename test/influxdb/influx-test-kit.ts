// Shared by the exporter tests: a MeterProvider wired to the exporter, and InfluxQL helpers.
import { DiagLogLevel, diag, type DiagLogger } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InfluxDbMetricExporter, type InfluxDbExporterOptions } from '@org/perf-otel-exporter-influxdb';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { freePort, LOOPBACK, type RunningInfluxDb } from '../harness';

export const DB = 'perf_otel';
export const SERVICE = { 'service.name': 'checkout', 'service.instance.id': 'checkout-1' };

export interface Pipeline {
  exporter: InfluxDbMetricExporter;
  provider: MeterProvider;
  reader: PeriodicExportingMetricReader;
}

/** Exports only when the test calls reader.forceFlush(): no timers decide what a test sees. */
export function pipeline(options: InfluxDbExporterOptions): Pipeline {
  const exporter = new InfluxDbMetricExporter(options);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000, exportTimeoutMillis: 60_000 });
  const provider = new MeterProvider({ resource: resourceFromAttributes(SERVICE), readers: [reader] });
  return { exporter, provider, reader };
}

/** The rows of the first series of an InfluxQL result, as objects keyed by column. */
export async function rows(influx: RunningInfluxDb, influxql: string): Promise<Array<Record<string, unknown>>> {
  const result = await influx.query(influxql, DB);
  const series = result.results[0].series?.[0];
  if (series === undefined) return [];
  return series.values.map((v) => Object.fromEntries(series.columns.map((c, i) => [c, v[i]])));
}

/** Collects diag warnings (the exporter's user-facing messages) for the test's duration. */
export function captureDiag(): { warnings: string[]; restore: () => void } {
  const warnings: string[] = [];
  const push = (message: string) => warnings.push(message);
  const logger: DiagLogger = { error: push, warn: push, info: () => undefined, debug: () => undefined, verbose: () => undefined };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { warnings, restore: () => diag.disable() };
}

export interface FrontRequest {
  method?: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
export interface FrontAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}
export interface Front {
  url: string;
  close(): Promise<void>;
}

/** An HTTP server on a free loopback port in front of InfluxDB, answering as `handle` decides. */
export async function startFront(handle: (req: FrontRequest) => Promise<FrontAnswer>): Promise<Front> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const answer = await handle({ method: req.method, url: new URL(req.url ?? '/', url), headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, LOOPBACK, resolve));
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Passes the request body on to the real InfluxDB's `path` and returns its answer. */
export async function relay(influx: RunningInfluxDb, path: string, body: Buffer): Promise<FrontAnswer> {
  const answer = await fetch(`${influx.url}${path}`, { method: 'POST', body });
  return { status: answer.status, body: await answer.text() };
}
