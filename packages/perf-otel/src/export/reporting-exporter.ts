// Wraps a push exporter so a backend that is down is reported once, in words that name the fix,
// and its recovery once more, instead of a stack trace every interval. Every change of state is
// said (failing → works again → failing again, however close together): only repeats of the same
// state are held back, so the last line about an exporter always tells its current state.
// Temporality is cumulative, so the first export that gets through carries everything recorded meanwhile.
// The final export (see final-flush.ts) also knocks on the backend's port: when the connection is
// refused, the export fails at once instead of retrying until the shutdown timeout; a backend that
// takes the connection and never answers is bounded by PERF_OTEL_SHUTDOWN_TIMEOUT_MS.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { connect } from 'node:net';
import type { Logger } from '../log';
import { isFinalFlush } from './final-flush';

const REFUSED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

export class ReportingExporter implements PushMetricExporter {
  private failing = false;
  /** The final export was refused: its retries, still running inside the inner exporter, are not waited for. */
  private refusedAtEnd = false;

  /** `url`: where the backend listens (never logged; `target` is its redacted form). */
  constructor(
    private readonly inner: PushMetricExporter,
    private readonly url: string,
    private readonly target: string,
    private readonly hint: string,
    private readonly log: Logger,
  ) {}

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    let answered = false;
    const answer = (result: ExportResult) => {
      if (answered) return;
      answered = true;
      done(result);
    };
    if (isFinalFlush()) {
      probe(this.url, (code) => {
        if (answered) return;
        this.log.warn(
          `final metrics export to ${this.target} skipped: the connection was refused (${code}); what was recorded since the last export is lost.`,
          { change: true },
        );
        this.refusedAtEnd = true;
        answer({ code: ExportResultCode.FAILED, error: new Error(`connection refused (${code})`) });
      });
    }
    this.inner.export(metrics, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        if (this.failing) this.log.info(`metrics export to ${this.target} works again.`, { change: true });
        this.failing = false;
      } else if (!this.failing) {
        this.failing = true;
        this.log.warn(
          `metrics export to ${this.target} failed (${describe(result.error)}). ${this.hint} ` +
            'The app is unaffected; cumulative metrics are sent in full once the backend answers.',
          { change: true },
        );
      }
      answer(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.unlessRefused(this.inner.forceFlush());
  }
  shutdown(): Promise<void> {
    return this.unlessRefused(this.inner.shutdown());
  }

  private unlessRefused(p: Promise<void>): Promise<void> {
    if (!this.refusedAtEnd) return p;
    p.catch(() => {});
    return Promise.resolve();
  }
  selectAggregationTemporality(type: InstrumentType): AggregationTemporality {
    return this.inner.selectAggregationTemporality?.(type) ?? AggregationTemporality.CUMULATIVE;
  }
}

function describe(error: Error | undefined): string {
  if (error === undefined) return 'no reason given';
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  const text = error.message.split('\n')[0].slice(0, 200);
  return [code ?? cause, text].filter(Boolean).join(': ');
}

/** Calls `refused` with the error code when a TCP connection to the URL's host and port is refused. */
function probe(url: string, refused: (code: string) => void): void {
  let host: string;
  let port: number;
  try {
    const u = new URL(url);
    host = u.hostname.replace(/^\[|\]$/g, '');
    port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  } catch {
    return;
  }
  const socket = connect({ host, port });
  socket.unref();
  socket.once('connect', () => socket.destroy());
  socket.once('error', (err: NodeJS.ErrnoException) => {
    socket.destroy();
    if (err.code !== undefined && REFUSED.has(err.code)) refused(err.code);
  });
}
