// What one thread recorded: the SDK instruments (through a reader that exports nothing) and the
// fast instruments. The main thread merges this with its workers' before any exporter sees it.
import { AggregationTemporality, MetricReader, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';

/** A reader that only answers collect(): exporting is the process pipeline's job. */
export class SnapshotReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {
    /* nothing to push */
  }
  protected override async onShutdown(): Promise<void> {
    /* nothing held */
  }
}

export interface ThreadSnapshot {
  scopes: ScopeMetrics[];
  errors: unknown[];
  /**
   * False when a collection started later has already finished: two readers may collect at once,
   * and the older data must not replace the newer anywhere (a counter would go backwards).
   */
  newest: boolean;
}

export class ThreadMetrics {
  /** The SDK part of the newest collection, for the one moment that cannot await (a worker's exit). */
  private lastSdk: ScopeMetrics[] = [];
  private started = 0;
  private finished = 0;

  constructor(
    readonly reader: SnapshotReader,
    private readonly fast: FastMetricProducer,
  ) {}

  async collect(): Promise<ThreadSnapshot> {
    const order = ++this.started;
    const { resourceMetrics, errors } = await this.reader.collect();
    const fast = this.fast.snapshot();
    const newest = order > this.finished;
    if (newest) {
      this.finished = order;
      this.lastSdk = resourceMetrics.scopeMetrics;
    }
    return { scopes: [...resourceMetrics.scopeMetrics, fast], errors, newest };
  }

  /** Grows whenever the fast instruments record anything. */
  progress(): number {
    return this.fast.progress();
  }

  /** Fresh fast instruments (HTTP, databases) and the SDK instruments as of the last collection. */
  collectSync(): ScopeMetrics[] {
    return [...this.lastSdk, this.fast.snapshot()];
  }
}
