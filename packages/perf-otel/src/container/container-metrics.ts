// Metrics of the process's own container (its cgroup): CPU time, usage and limit, throttling,
// memory usage, working set and limit, OOM kills and pressure stalls. Files are read at collection
// time only; what a cgroup does not offer (no limit set, v1 has no PSI) is simply not observed.
import type { BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import * as S from '../semconv';
import { windowedRate, type WindowClock } from '../window-clock';
import type { Pressure } from './cgroup-files';
import type { CpuSource, MemorySource } from './cgroup-sources';
import type { ProcessCgroup } from './open-cgroup';

const MODE = (mode: string) => ({ [S.ATTR_CPU_MODE]: mode });
const SOME = { [S.ATTR_PERF_OTEL_PRESSURE_SCOPE]: 'some' };
const FULL = { [S.ATTR_PERF_OTEL_PRESSURE_SCOPE]: 'full' };

export function instrumentContainer(meter: Meter, clock: WindowClock, cgroup: ProcessCgroup): void {
  if (cgroup.cpu) instrumentCpu(meter, clock, cgroup.cpu);
  if (cgroup.memory) instrumentMemory(meter, cgroup.memory);
}

function observePressure(r: BatchObservableResult, inst: Observable, p: Pressure | undefined): void {
  if (p === undefined) return;
  r.observe(inst, p.some, SOME);
  if (p.full !== undefined) r.observe(inst, p.full, FULL);
}

function instrumentCpu(meter: Meter, clock: WindowClock, cpu: CpuSource): void {
  const time = meter.createObservableCounter(S.METRIC_CONTAINER_CPU_TIME, {
    unit: 's',
    description: 'CPU time used by the container (all its processes, all CPUs), by mode.',
  });
  const usage = meter.createObservableGauge(S.METRIC_CONTAINER_CPU_USAGE, {
    unit: '{cpu}',
    description: 'CPUs the container used on average over the last window.',
  });
  const limit = meter.createObservableUpDownCounter(S.METRIC_PERF_OTEL_CONTAINER_CPU_LIMIT, {
    unit: '{cpu}',
    description: 'CPU limit of the container (CFS quota / period); absent without a limit.',
  });
  const limitUtil = meter.createObservableGauge(S.METRIC_PERF_OTEL_CONTAINER_CPU_LIMIT_UTILIZATION, {
    unit: '1',
    description: 'CPU used over the last window divided by the CPU limit.',
  });
  const periods = meter.createObservableCounter(S.METRIC_PERF_OTEL_CONTAINER_CPU_PERIODS, {
    unit: '{period}',
    description: 'CFS enforcement periods in which the container ran.',
  });
  const throttledPeriods = meter.createObservableCounter(S.METRIC_PERF_OTEL_CONTAINER_CPU_THROTTLED_PERIODS, {
    unit: '{period}',
    description: 'Periods in which the container used up its quota and was stopped until the next.',
  });
  const throttledTime = meter.createObservableCounter(S.METRIC_PERF_OTEL_CONTAINER_CPU_THROTTLED_TIME, {
    unit: 's',
    description: "Time the container's threads were stopped by its CPU quota.",
  });
  const pressure = meter.createObservableCounter(S.METRIC_PERF_OTEL_CONTAINER_CPU_PRESSURE_STALL_TIME, {
    unit: 's',
    description: 'Time tasks of the container waited for a CPU (PSI, cgroup v2).',
  });

  // Usage over the shared window, so two readers do not steal each other's deltas.
  const cpusUsed = windowedRate(clock, () => cpu.times()?.total);

  meter.addBatchObservableCallback(
    (r) => {
      const t = cpu.times();
      if (t) {
        r.observe(time, t.user, MODE('user'));
        r.observe(time, t.system, MODE('system'));
      }
      const cpus = cpusUsed();
      if (cpus !== undefined) r.observe(usage, cpus);
      const l = cpu.limit();
      if (l !== undefined) {
        r.observe(limit, l);
        if (cpus !== undefined) r.observe(limitUtil, cpus / l);
      }
      const th = cpu.throttling();
      if (th) {
        r.observe(periods, th.periods);
        r.observe(throttledPeriods, th.throttledPeriods);
        r.observe(throttledTime, th.throttledSeconds);
      }
      observePressure(r, pressure, cpu.pressure());
    },
    [time, usage, limit, limitUtil, periods, throttledPeriods, throttledTime, pressure],
  );
}

function instrumentMemory(meter: Meter, memory: MemorySource): void {
  const usage = meter.createObservableUpDownCounter(S.METRIC_CONTAINER_MEMORY_USAGE, {
    unit: 'By',
    description: 'Memory charged to the container, page cache included.',
  });
  const workingSet = meter.createObservableUpDownCounter(S.METRIC_CONTAINER_MEMORY_WORKING_SET, {
    unit: 'By',
    description: 'Memory usage minus inactive file cache: what the OOM killer and the kubelet look at.',
  });
  const rss = meter.createObservableUpDownCounter(S.METRIC_CONTAINER_MEMORY_RSS, {
    unit: 'By',
    description: 'Anonymous memory of the container (heap, stacks), no file cache.',
  });
  const limit = meter.createObservableUpDownCounter(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_LIMIT, {
    unit: 'By',
    description: 'Memory limit of the container; absent without a limit.',
  });
  const limitUtil = meter.createObservableGauge(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_LIMIT_UTILIZATION, {
    unit: '1',
    description: 'Working set divided by the memory limit.',
  });
  const limitReached = meter.createObservableCounter(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_LIMIT_REACHED, {
    unit: '{event}',
    description: "Times the container's memory reached its limit and the kernel had to reclaim.",
  });
  const oomKills = meter.createObservableCounter(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_OOM_KILLS, {
    unit: '{kill}',
    description: 'Processes of the container the OOM killer killed.',
  });
  const pressure = meter.createObservableCounter(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_PRESSURE_STALL_TIME, {
    unit: 's',
    description: 'Time tasks of the container were stalled waiting for memory (PSI, cgroup v2).',
  });

  meter.addBatchObservableCallback(
    (r) => {
      const m = memory.figures();
      if (m) {
        r.observe(usage, m.usage);
        r.observe(workingSet, m.workingSet);
        if (m.rss !== undefined) r.observe(rss, m.rss);
      }
      const l = memory.limit();
      if (l !== undefined) {
        r.observe(limit, l);
        if (m) r.observe(limitUtil, m.workingSet / l);
      }
      const e = memory.events();
      if (e.limitReached !== undefined) r.observe(limitReached, e.limitReached);
      if (e.oomKills !== undefined) r.observe(oomKills, e.oomKills);
      observePressure(r, pressure, memory.pressure());
    },
    [usage, workingSet, rss, limit, limitUtil, limitReached, oomKills, pressure],
  );
}
