// A pull MetricReader serving /metrics with Collector-style names (see naming.ts); the upstream
// exporter-prometheus names metrics without unit suffixes, which would split every dashboard in two.
import { createServer, type Server } from 'node:http';
import { diag } from '@opentelemetry/api';
import { AggregationTemporality, MetricReader, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { markOwnServer } from '../../http/own-servers';
import { quote } from '../../config/env-readers';
import { serialize } from './serializer';
import { MAX_PER_ROUND, SharedScrape, type Exposition } from './shared-scrape';

const MAX_NAMING_WARNINGS = 200;
const EXPOSITION_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const REFUSAL = `perf-otel: more than ${2 * MAX_PER_ROUND} scrapes at once; try again.\n`;

export interface PrometheusReaderOptions {
  host: string;
  port: number;
  metricProducers?: MetricProducer[];
}

export class PrometheusPullReader extends MetricReader {
  private readonly server: Server;
  private ready: Promise<void>;
  private readonly said = new Set<string>();
  /** A naming problem is the same at every scrape: said once per process (bounded, should a metric name itself vary). */
  private readonly warnOnce = (message: string): void => {
    if (this.said.has(message) || this.said.size >= MAX_NAMING_WARNINGS) return;
    this.said.add(message);
    diag.warn(`perf-otel: ${message}`);
  };

  constructor(private readonly options: PrometheusReaderOptions) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers: options.metricProducers });
    const scrape = new SharedScrape(() => this.expose());
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url !== '/metrics' && !req.url?.startsWith('/metrics?'))) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('perf-otel: metrics are at /metrics\n');
        return;
      }
      const exposition = scrape.get(() => {
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end(REFUSAL);
      });
      void exposition?.then(({ status, body }) => {
        res.writeHead(status, { 'content-type': status === 200 ? EXPOSITION_TYPE : 'text/plain' }).end(body);
      });
    });
    // The scrape endpoint must never keep the app alive or take it down, nor count as app traffic.
    this.server.unref();
    markOwnServer(this.server);
    this.ready = new Promise((resolve) => {
      this.server.once('error', (err: NodeJS.ErrnoException) => {
        diag.error(
          `perf-otel: the Prometheus endpoint could not listen on ${quote(options.host)} port ${options.port} (${err.code ?? err.message.slice(0, 80)}); ` +
            `no scrape endpoint. ${listenFix(err.code)}`,
        );
        resolve();
      });
      this.server.listen(options.port, options.host, () => resolve());
    });
  }

  /** One collection, serialised once for every scraper that shares it. Never rejects. */
  private async expose(): Promise<Exposition> {
    try {
      const { resourceMetrics, errors } = await this.collect();
      for (const e of errors) diag.warn(`perf-otel: a metric callback failed during a scrape: ${String(e)}`);
      return { status: 200, body: Buffer.from(serialize(resourceMetrics, this.warnOnce)) };
    } catch (err) {
      return { status: 500, body: Buffer.from(`perf-otel: collection failed: ${String(err)}\n`) };
    }
  }

  /** The bound address (port 0 picks a free one). */
  async address(): Promise<string | undefined> {
    await this.ready;
    const a = this.server.address();
    return a !== null && typeof a === 'object' ? `${this.options.host}:${a.port}` : undefined;
  }

  protected override async onForceFlush(): Promise<void> {
    /* pull: nothing to push */
  }

  protected override async onShutdown(): Promise<void> {
    await this.ready;
    await new Promise<void>((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A port in use or forbidden is the port's fault; anything else (unknown name, foreign address) the host's. */
function listenFix(code: string | undefined): string {
  if (code === 'EADDRINUSE' || code === 'EACCES') return 'Set OTEL_EXPORTER_PROMETHEUS_PORT to a free port.';
  return 'Set OTEL_EXPORTER_PROMETHEUS_HOST to a name or address of this machine (localhost, or 0.0.0.0 for every interface).';
}
