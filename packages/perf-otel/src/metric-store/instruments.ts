// Cheap synchronous instruments for the hot paths (HTTP, pg). They aggregate cumulatively in place
// and are read by FastMetricProducer, which hands the SDK ordinary MetricData: the exported data is
// the same semconv histogram/sum the SDK would produce, for a fraction of the cost per record.
import type { Attributes } from '@opentelemetry/api';
import { SeriesTree } from './series-tree';

export interface InstrumentInfo {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
}

export class HistogramSeries {
  readonly counts: number[];
  sum = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;
  constructor(
    readonly attributes: Attributes,
    buckets: number,
  ) {
    this.counts = new Array<number>(buckets).fill(0);
  }
}

export class FastHistogram {
  readonly kind = 'histogram' as const;
  private readonly tree: SeriesTree<HistogramSeries>;

  constructor(
    readonly info: InstrumentInfo,
    readonly boundaries: readonly number[],
    keys: readonly string[],
    limit: number,
  ) {
    const buckets = boundaries.length + 1;
    this.tree = new SeriesTree(keys, limit, (a) => new HistogramSeries(a, buckets));
  }

  /** `values` in the key order given at creation. */
  record(value: number, values: readonly unknown[]): void {
    const s = this.tree.find(values);
    const b = this.boundaries;
    // Explicit buckets are upper-inclusive: bucket i holds (b[i-1], b[i]].
    let i = 0;
    while (i < b.length && value > b[i]) i++;
    s.counts[i]++;
    s.sum += value;
    s.count++;
    if (value < s.min) s.min = value;
    if (value > s.max) s.max = value;
  }

  series(): readonly HistogramSeries[] {
    return this.tree.series();
  }
}

export class SumSeries {
  value = 0;
  constructor(readonly attributes: Attributes) {}
}

export class FastSum {
  readonly kind = 'sum' as const;
  private readonly tree: SeriesTree<SumSeries>;

  constructor(
    readonly info: InstrumentInfo,
    readonly monotonic: boolean,
    keys: readonly string[],
    limit: number,
  ) {
    this.tree = new SeriesTree(keys, limit, (a) => new SumSeries(a));
  }

  add(delta: number, values: readonly unknown[]): void {
    this.tree.find(values).value += delta;
  }

  series(): readonly SumSeries[] {
    return this.tree.series();
  }
}

export type FastInstrument = FastHistogram | FastSum;
