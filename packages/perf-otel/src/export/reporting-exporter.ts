// Wraps a push exporter so a backend that is down is reported once, in words that name the fix,
// and its recovery once more, instead of a stack trace every interval. Every change of state is
// said (failing → works again → failing again, however close together): only repeats of the same
// state are held back, so the last line about an exporter always tells its current state.
// Temporality is cumulative, so the first export that gets through carries everything recorded meanwhile.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Logger } from '../log';

export class ReportingExporter implements PushMetricExporter {
  private failing = false;

  constructor(private readonly inner: PushMetricExporter, private readonly target: string, private readonly hint: string, private readonly log: Logger) {}

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        if (this.failing) this.log.info(`metrics export to ${this.target} works again.`, { change: true });
        this.failing = false;
      } else if (!this.failing) {
        this.failing = true;
        this.log.warn(`metrics export to ${this.target} failed (${describe(result.error)}). ${this.hint} ` +
          'The app is unaffected; cumulative metrics are sent in full once the backend answers.', { change: true });
      }
      done(result);
    });
  }

  forceFlush(): Promise<void> { return this.inner.forceFlush(); }
  shutdown(): Promise<void> { return this.inner.shutdown(); }
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
