// What one thread recorded: the SDK instruments (through a reader that exports nothing) and the
// fast instruments. The main thread merges this with its workers' before any exporter sees it.
import { AggregationTemporality, MetricReader, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';

/** A reader that only answers collect(): exporting is the process pipeline's job. */
export class SnapshotReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> { /* nothing to push */ }
  protected override async onShutdown(): Promise<void> { /* nothing held */ }
}

export interface ThreadSnapshot { scopes: ScopeMetrics[]; errors: unknown[] }

export class ThreadMetrics {
  /** The SDK part of the last collection, for the one moment that cannot await (a worker's exit). */
  private lastSdk: ScopeMetrics[] = [];

  constructor(readonly reader: SnapshotReader, private readonly fast: FastMetricProducer) {}

  async collect(): Promise<ThreadSnapshot> {
    const { resourceMetrics, errors } = await this.reader.collect();
    this.lastSdk = resourceMetrics.scopeMetrics;
    return { scopes: [...this.lastSdk, this.fast.snapshot()], errors };
  }

  /** Fresh fast instruments (HTTP, databases) and the SDK instruments as of the last collection. */
  collectSync(): ScopeMetrics[] {
    return [...this.lastSdk, this.fast.snapshot()];
  }
}
