// Event-loop delay (percentiles over the last window) and utilisation (window gauge plus
// cumulative active/idle time, which survives any number of readers).
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { ValueType, type Meter } from '@opentelemetry/api';
import {
  ATTR_NODEJS_EVENTLOOP_STATE,
  METRIC_NODEJS_EVENTLOOP_DELAY_MAX,
  METRIC_NODEJS_EVENTLOOP_DELAY_MEAN,
  METRIC_NODEJS_EVENTLOOP_DELAY_MIN,
  METRIC_NODEJS_EVENTLOOP_DELAY_P50,
  METRIC_NODEJS_EVENTLOOP_DELAY_P90,
  METRIC_NODEJS_EVENTLOOP_DELAY_P99,
  METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV,
  METRIC_NODEJS_EVENTLOOP_TIME,
  METRIC_NODEJS_EVENTLOOP_UTILIZATION,
} from '../semconv';
import type { WindowClock } from '../window-clock';

const NS_PER_S = 1e9;

export function instrumentEventLoop(meter: Meter, clock: WindowClock, resolutionMs: number): () => void {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  // Node records the time between two runs of a repeating timer of `resolution`, so an idle loop
  // reads the resolution itself (50 ms by default). The delay is what comes on top of it.
  const periodNs = resolutionMs * 1e6;
  histogram.enable();
  let lastWindow: DelaySnapshot | undefined;
  let eluStart: EventLoopUtilization = performance.eventLoopUtilization();
  let utilization: number | undefined;
  clock.onTick(() => {
    if (histogram.count > 0) lastWindow = snapshot(histogram, periodNs);
    histogram.reset();
    const now = performance.eventLoopUtilization();
    utilization = performance.eventLoopUtilization(now, eluStart).utilization;
    eluStart = now;
  });

  const opts = (description: string) => ({ unit: 's', description, valueType: ValueType.DOUBLE });
  const gauges: Record<keyof DelaySnapshot, ReturnType<Meter['createObservableGauge']>> = {
    min: meter.createObservableGauge(METRIC_NODEJS_EVENTLOOP_DELAY_MIN, opts('Event loop minimum delay.')),
    max: meter.createObservableGauge(METRIC_NODEJS_EVENTLOOP_DELAY_MAX, opts('Event loop maximum delay.')),
    mean: meter.createObservableGauge(METRIC_NODEJS_EVENTLOOP_DELAY_MEAN, opts('Event loop mean delay.')),
    stddev: meter.createObservableGauge(METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV, opts('Event loop delay standard deviation.')),
    p50: meter.createObservableGauge(METRIC_NODEJS_EVENTLOOP_DELAY_P50, opts('Event loop 50th percentile delay.')),
    p90: meter.createObservableGauge(METRIC_NODEJS_EVENTLOOP_DELAY_P90, opts('Event loop 90th percentile delay.')),
    p99: meter.createObservableGauge(METRIC_NODEJS_EVENTLOOP_DELAY_P99, opts('Event loop 99th percentile delay.')),
  };
  const elu = meter.createObservableGauge(METRIC_NODEJS_EVENTLOOP_UTILIZATION, { unit: '1', description: 'Event loop utilization over the last window.' });
  const time = meter.createObservableCounter(METRIC_NODEJS_EVENTLOOP_TIME, { unit: 's', description: 'Cumulative time the event loop spent in each state.' });

  meter.addBatchObservableCallback(
    (r) => {
      // Before the first window closes, report what has been seen so far.
      const d = lastWindow ?? (histogram.count > 0 ? snapshot(histogram, periodNs) : undefined);
      if (d !== undefined) {
        for (const k of Object.keys(gauges) as Array<keyof DelaySnapshot>) r.observe(gauges[k], d[k]);
      }
      r.observe(elu, utilization ?? performance.eventLoopUtilization().utilization);
      const total = performance.eventLoopUtilization();
      r.observe(time, total.active / 1000, { [ATTR_NODEJS_EVENTLOOP_STATE]: 'active' });
      r.observe(time, total.idle / 1000, { [ATTR_NODEJS_EVENTLOOP_STATE]: 'idle' });
    },
    [...Object.values(gauges), elu, time],
  );

  return () => histogram.disable();
}

interface DelaySnapshot {
  min: number;
  max: number;
  mean: number;
  stddev: number;
  p50: number;
  p90: number;
  p99: number;
}

function snapshot(h: ReturnType<typeof monitorEventLoopDelay>, periodNs: number): DelaySnapshot {
  // A timer can fire a little before its period by the hrtime clock (libuv schedules in whole
  // milliseconds): never a negative delay. The standard deviation does not depend on the offset.
  const delay = (ns: number) => Math.max(0, ns - periodNs) / NS_PER_S;
  return {
    min: delay(h.min),
    max: delay(h.max),
    mean: delay(h.mean),
    stddev: h.stddev / NS_PER_S,
    p50: delay(h.percentile(50)),
    p90: delay(h.percentile(90)),
    p99: delay(h.percentile(99)),
  };
}
