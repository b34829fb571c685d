// GC pauses by type (from the runtime's own 'gc' performance entries) and V8 heap by space.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import type { Meter } from '@opentelemetry/api';
import {
  ATTR_V8JS_GC_TYPE,
  ATTR_V8JS_HEAP_SPACE_NAME,
  GC_DURATION_BUCKETS_SECONDS,
  METRIC_V8JS_GC_DURATION,
  METRIC_V8JS_MEMORY_HEAP_LIMIT,
  METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
  METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
  METRIC_V8JS_MEMORY_HEAP_USED,
  METRIC_PERF_OTEL_V8JS_MEMORY_HEAP_SIZE_LIMIT,
} from '../semconv';

const GC_TYPES = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

export function instrumentGc(meter: Meter): () => void {
  const duration = meter.createHistogram(METRIC_V8JS_GC_DURATION, {
    unit: 's',
    description: 'Garbage collection duration.',
    advice: { explicitBucketBoundaries: GC_DURATION_BUCKETS_SECONDS },
  });
  const attrs = new Map([...GC_TYPES].map(([kind, name]) => [kind, { [ATTR_V8JS_GC_TYPE]: name }]));
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      duration.record(entry.duration / 1000, (kind !== undefined && attrs.get(kind)) || {});
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

export function instrumentHeap(meter: Meter): void {
  const used = meter.createObservableUpDownCounter(METRIC_V8JS_MEMORY_HEAP_USED, { unit: 'By', description: 'Heap memory used, by space.' });
  const limit = meter.createObservableUpDownCounter(METRIC_V8JS_MEMORY_HEAP_LIMIT, {
    unit: 'By',
    description: 'Total heap memory size pre-allocated, by space (not a limit: see perf_otel.v8js.memory.heap.size_limit).',
  });
  const sizeLimit = meter.createObservableUpDownCounter(METRIC_PERF_OTEL_V8JS_MEMORY_HEAP_SIZE_LIMIT, {
    unit: 'By',
    description: 'V8 heap size limit (heap_size_limit): the heap cannot grow past it.',
  });
  const available = meter.createObservableUpDownCounter(METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE, {
    unit: 'By',
    description: 'Heap space available, by space.',
  });
  const physical = meter.createObservableUpDownCounter(METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE, {
    unit: 'By',
    description: 'Committed physical memory, by heap space.',
  });
  meter.addBatchObservableCallback(
    (r) => {
      for (const s of getHeapSpaceStatistics()) {
        const a = { [ATTR_V8JS_HEAP_SPACE_NAME]: s.space_name };
        r.observe(used, s.space_used_size, a);
        r.observe(limit, s.space_size, a);
        r.observe(available, s.space_available_size, a);
        r.observe(physical, s.physical_space_size, a);
      }
      r.observe(sizeLimit, getHeapStatistics().heap_size_limit);
    },
    [used, limit, available, physical, sizeLimit],
  );
}
