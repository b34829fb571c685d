// Custom instruments with validated names and units. Each name is defined once per process: asking
// again with the same kind and unit returns the same handle (so helpers and app code can share a
// name); another kind or unit is a definition-time TypeError.
import { diag, type Attributes, type Meter, type MetricOptions, type ObservableResult } from '@opentelemetry/api';
import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  HistogramOptions,
  InstrumentOptions,
  ObservableCallback,
  ObservableMetric,
  UpDownCounterMetric,
} from './types';
import { Bound, onEveryMeter } from './meter';
import { validateBuckets, validateMetricName, validateUnit, withArticle } from './validate';

type Kind = 'counter' | 'up-down counter' | 'histogram' | 'gauge' | 'observable gauge';

interface Definition {
  readonly kind: Kind;
  readonly unit: string;
  readonly handle: unknown;
}

const definitions = new Map<string, Definition>();

function define<H>(kind: Kind, name: string, options: HistogramOptions, make: (otelOptions: MetricOptions) => H): H {
  validateMetricName(name);
  const unit = validateUnit(options.unit, name);
  const buckets = validateBuckets(options.buckets, name);
  const existing = definitions.get(name);
  if (existing !== undefined) {
    if (existing.kind === kind && existing.unit === unit) return existing.handle as H;
    throw new TypeError(
      `perf-otel-api: metric "${name}" is already defined as ${withArticle(existing.kind)} with unit "${existing.unit}", not ${withArticle(kind)} with unit "${unit}": give this one another name`,
    );
  }
  const otelOptions: MetricOptions = { description: options.description ?? '', unit };
  if (buckets !== undefined) otelOptions.advice = { explicitBucketBoundaries: [...buckets] };
  const handle = make(otelOptions);
  definitions.set(name, { kind, unit, handle });
  return handle;
}

/** A monotonic counter (`_total` in Prometheus). */
export function counter(name: string, options: InstrumentOptions = {}): CounterMetric {
  return define('counter', name, options, (o) => {
    const bound = new Bound((meter) => meter.createCounter(name, o));
    return { add: (value = 1, attributes?: Attributes) => bound.get().add(value, attributes) };
  });
}

/** A counter that also goes down (e.g. items in flight). */
export function upDownCounter(name: string, options: InstrumentOptions = {}): UpDownCounterMetric {
  return define('up-down counter', name, options, (o) => {
    const bound = new Bound((meter) => meter.createUpDownCounter(name, o));
    return { add: (value: number, attributes?: Attributes) => bound.get().add(value, attributes) };
  });
}

/** A histogram; give `buckets` that fit the unit (the SDK's defaults suit milliseconds). */
export function histogram(name: string, options: HistogramOptions = {}): HistogramMetric {
  return define('histogram', name, options, (o) => {
    const bound = new Bound((meter) => meter.createHistogram(name, o));
    return { record: (value: number, attributes?: Attributes) => bound.get().record(value, attributes) };
  });
}

/** A synchronous gauge: the last value recorded per attribute set. */
export function gauge(name: string, options: InstrumentOptions = {}): GaugeMetric {
  return define('gauge', name, options, (o) => {
    const bound = new Bound((meter) => meter.createGauge(name, o));
    return { record: (value: number, attributes?: Attributes) => bound.get().record(value, attributes) };
  });
}

/** One observable gauge per name; its callbacks are added and removed by the helpers using it. */
export class ObservableGaugeSet {
  private readonly callbacks = new Set<ObservableCallback>();
  private bound = false;

  constructor(
    private readonly name: string,
    private readonly options: MetricOptions,
  ) {}

  /** Adds a callback (binding the gauge to the meter on the first one); returns its remover. */
  add(callback: ObservableCallback): ObservableMetric {
    this.callbacks.add(callback);
    if (!this.bound) {
      this.bound = true;
      onEveryMeter((meter: Meter) => meter.createObservableGauge(this.name, this.options).addCallback(this.observe));
    }
    return { stop: () => void this.callbacks.delete(callback) };
  }

  // One failing callback must not hide the others' series.
  private readonly observe = (result: ObservableResult): Promise<void> | void => {
    let pending: Promise<void>[] | undefined;
    for (const callback of this.callbacks) {
      try {
        const done = callback(result);
        if (done instanceof Promise) (pending ??= []).push(done.catch((error: unknown) => this.report(error)));
      } catch (error) {
        this.report(error);
      }
    }
    if (pending !== undefined) return Promise.all(pending).then(() => undefined);
  };

  private report(error: unknown): void {
    diag.error(`perf-otel-api: a callback of gauge "${this.name}" failed: ${String(error)}`);
  }
}

/** The shared gauge set of `name` (helpers reserve their names at import with this). */
export function observableGaugeSet(name: string, options: InstrumentOptions = {}): ObservableGaugeSet {
  return define('observable gauge', name, options, (o) => new ObservableGaugeSet(name, o));
}

/** An observable gauge: `callback` reports values at each collection until `stop()`. */
export function observableGauge(name: string, callback: ObservableCallback, options: InstrumentOptions = {}): ObservableMetric {
  if (typeof callback !== 'function') {
    throw new TypeError(`perf-otel-api: the callback of gauge "${name}" is ${typeof callback}: give a function (result) => result.observe(value, attributes)`);
  }
  return observableGaugeSet(name, options).add(callback);
}
