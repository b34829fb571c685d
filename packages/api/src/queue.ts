// Queue metrics: size (observed at collection), wait time and items processed, per queue name.
import type { Attributes, ObservableResult } from '@opentelemetry/api';
import { AttributeSets } from './attributes';
import { counter, histogram, observableGaugeSet } from './instruments';
import { ATTR_APP_QUEUE_NAME, METRIC_APP_QUEUE_PROCESSED, METRIC_APP_QUEUE_SIZE, METRIC_APP_QUEUE_WAIT_TIME, QUEUE_WAIT_BUCKETS_SECONDS } from './semconv';
import type { QueueMetrics } from './types';
import { validateLabel } from './validate';

const sizes = observableGaugeSet(METRIC_APP_QUEUE_SIZE, { unit: '{item}', description: 'Items waiting in the queue' });
const waits = histogram(METRIC_APP_QUEUE_WAIT_TIME, {
  unit: 's',
  buckets: QUEUE_WAIT_BUCKETS_SECONDS,
  description: 'Time items waited in the queue before being taken',
});
const processed = counter(METRIC_APP_QUEUE_PROCESSED, { unit: '{item}', description: 'Items taken off the queue' });
const queueNames = new AttributeSets(ATTR_APP_QUEUE_NAME);

class Queue implements QueueMetrics {
  private tracked = 0;
  /** Whether `enqueued` was ever called: only then is the tracked size meaningful. */
  private tracking = false;
  private observeSize: (() => number) | undefined;

  constructor(private readonly attributes: Attributes) {
    sizes.add(this.report);
  }

  enqueued(n = 1): void {
    this.tracked += n;
    this.tracking = true;
  }

  dequeued(waitSeconds?: number): void {
    // A consumer that never saw the enqueue would go negative; a size is never below zero.
    this.tracked = Math.max(0, this.tracked - 1);
    if (waitSeconds !== undefined) waits.record(waitSeconds, this.attributes);
    processed.add(1, this.attributes);
  }

  size(observe: () => number): void {
    if (typeof observe !== 'function') {
      throw new TypeError(`perf-otel-api: queue size(${typeof observe}) needs a function returning the current size, e.g. () => jobs.length`);
    }
    this.observeSize = observe;
  }

  private readonly report = (result: ObservableResult): void => {
    if (this.observeSize !== undefined) {
      const size = this.observeSize();
      if (Number.isFinite(size)) result.observe(size, this.attributes);
    } else if (this.tracking) {
      result.observe(this.tracked, this.attributes);
    }
  };
}

const queues = new Map<string, Queue>();

/**
 * The metrics of queue `name` (`app.queue.name`), one object per name. `size(fn)` reports the real
 * size (e.g. a broker's length); without it the size is `enqueued` minus `dequeued` in this process.
 */
export function queue(name: string): QueueMetrics {
  validateLabel(name, 'queue name');
  let q = queues.get(name);
  if (q === undefined) {
    q = new Queue(queueNames.get(name));
    queues.set(name, q);
  }
  return q;
}
