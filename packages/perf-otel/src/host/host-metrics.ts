// Process and system metrics with units, including what upstream host-metrics lacks: disk I/O and
// filesystem usage. Everything is read at collection time; utilisations use the shared window.
import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { availableParallelism, cpus, freemem, totalmem } from 'node:os';
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import * as S from '../semconv';
import { windowedRate, type WindowClock } from '../window-clock';
import { readDiskStats, readMemInfo, readMounts, readNetDev, readProcStat, type CpuTimes } from './proc-files';

export function instrumentProcess(meter: Meter, clock: WindowClock): void {
  const cpuTime = meter.createObservableCounter(S.METRIC_PROCESS_CPU_TIME, { unit: 's', description: 'CPU time used by the process, by mode.' });
  const cpuUtil = meter.createObservableGauge(S.METRIC_PROCESS_CPU_UTILIZATION, {
    unit: '1',
    description: 'Process CPU time over the last window, divided by elapsed time and available CPUs.',
  });
  const memory = meter.createObservableUpDownCounter(S.METRIC_PROCESS_MEMORY_USAGE, { unit: 'By', description: 'Resident set size of the process.' });
  const uptime = meter.createObservableGauge(S.METRIC_PROCESS_UPTIME, { unit: 's', description: 'Time since the process started.' });
  const parallelism = availableParallelism();
  const cpuSeconds = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const cpusUsed = windowedRate(clock, cpuSeconds);
  meter.addBatchObservableCallback(
    (r) => {
      const u = process.cpuUsage();
      r.observe(cpuTime, u.user / 1e6, { [S.ATTR_CPU_MODE]: 'user' });
      r.observe(cpuTime, u.system / 1e6, { [S.ATTR_CPU_MODE]: 'system' });
      const used = cpusUsed();
      if (used !== undefined) r.observe(cpuUtil, used / parallelism);
      r.observe(memory, process.memoryUsage.rss());
      r.observe(uptime, process.uptime());
    },
    [cpuTime, cpuUtil, memory, uptime],
  );
}

function systemCpuTimes(): CpuTimes {
  const fromProc = readProcStat();
  if (fromProc) return fromProc;
  const t = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, interrupt: 0, steal: 0 };
  for (const c of cpus()) {
    t.user += c.times.user / 1000;
    t.nice += c.times.nice / 1000;
    t.system += c.times.sys / 1000;
    t.idle += c.times.idle / 1000;
    t.interrupt += c.times.irq / 1000;
  }
  return t;
}

function busyFraction(a: CpuTimes, b: CpuTimes): number | undefined {
  const total = (t: CpuTimes) => t.user + t.nice + t.system + t.idle + t.iowait + t.interrupt + t.steal;
  const elapsed = total(b) - total(a);
  if (elapsed <= 0) return undefined;
  return 1 - (b.idle + b.iowait - a.idle - a.iowait) / elapsed;
}

export function instrumentSystem(meter: Meter, clock: WindowClock): void {
  const cpuTime = meter.createObservableCounter(S.METRIC_SYSTEM_CPU_TIME, { unit: 's', description: 'CPU time of all CPUs, by mode.' });
  const cpuUtil = meter.createObservableGauge(S.METRIC_SYSTEM_CPU_UTILIZATION, {
    unit: '1',
    description: 'Fraction of CPU time not idle over the last window.',
  });
  const cpuCount = meter.createObservableUpDownCounter(S.METRIC_SYSTEM_CPU_LOGICAL_COUNT, { unit: '{cpu}', description: 'Logical CPUs.' });
  const memUsage = meter.createObservableUpDownCounter(S.METRIC_SYSTEM_MEMORY_USAGE, { unit: 'By', description: 'Memory in use, by state.' });
  const memLimit = meter.createObservableUpDownCounter(S.METRIC_SYSTEM_MEMORY_LIMIT, { unit: 'By', description: 'Total memory.' });
  const memUtil = meter.createObservableGauge(S.METRIC_SYSTEM_MEMORY_UTILIZATION, {
    unit: '1',
    description: 'Fraction of memory in use (not available for new allocations).',
  });
  let lastCpu = systemCpuTimes();
  let cpuBusy: number | undefined;
  clock.onTick(() => {
    const now = systemCpuTimes();
    cpuBusy = busyFraction(lastCpu, now);
    lastCpu = now;
  });
  meter.addBatchObservableCallback(
    (r) => {
      const t = systemCpuTimes();
      for (const [mode, v] of Object.entries(t)) r.observe(cpuTime, v, { [S.ATTR_CPU_MODE]: mode });
      const busy = cpuBusy ?? busyFraction(lastCpu, t);
      if (busy !== undefined) r.observe(cpuUtil, busy);
      r.observe(cpuCount, cpus().length);
      const m = readMemInfo() ?? { total: totalmem(), free: freemem(), available: freemem(), buffers: 0, cached: 0 };
      const used = m.total - m.available;
      const state = (s: string) => ({ [S.ATTR_SYSTEM_MEMORY_STATE]: s });
      r.observe(memUsage, used, state('used'));
      r.observe(memUsage, m.free, state('free'));
      r.observe(memUsage, m.cached, state('cached'));
      r.observe(memUsage, m.buffers, state('buffers'));
      r.observe(memLimit, m.total);
      if (m.total > 0) r.observe(memUtil, used / m.total);
    },
    [cpuTime, cpuUtil, cpuCount, memUsage, memLimit, memUtil],
  );
}

export function instrumentNetwork(meter: Meter): void {
  const io = meter.createObservableCounter(S.METRIC_SYSTEM_NETWORK_IO, { unit: 'By', description: 'Bytes received and transmitted.' });
  const packets = meter.createObservableCounter(S.METRIC_SYSTEM_NETWORK_PACKETS, { unit: '{packet}', description: 'Packets received and transmitted.' });
  const errors = meter.createObservableCounter(S.METRIC_SYSTEM_NETWORK_ERRORS, { unit: '{error}', description: 'Network errors.' });
  const dropped = meter.createObservableCounter(S.METRIC_SYSTEM_NETWORK_PACKET_DROPPED, { unit: '{packet}', description: 'Dropped packets.' });
  meter.addBatchObservableCallback(
    (r) => {
      for (const d of readNetDev() ?? []) {
        if (d.name === 'lo') continue;
        const rx = { [S.ATTR_NETWORK_INTERFACE_NAME]: d.name, [S.ATTR_NETWORK_IO_DIRECTION]: 'receive' };
        const tx = { [S.ATTR_NETWORK_INTERFACE_NAME]: d.name, [S.ATTR_NETWORK_IO_DIRECTION]: 'transmit' };
        observePair(r, io, d.rxBytes, d.txBytes, rx, tx);
        observePair(r, packets, d.rxPackets, d.txPackets, rx, tx);
        observePair(r, errors, d.rxErrors, d.txErrors, rx, tx);
        observePair(r, dropped, d.rxDropped, d.txDropped, rx, tx);
      }
    },
    [io, packets, errors, dropped],
  );
}

function observePair(r: BatchObservableResult, inst: Observable, a: number, b: number, attrsA: Attributes, attrsB: Attributes): void {
  r.observe(inst, a, attrsA);
  r.observe(inst, b, attrsB);
}

export function instrumentDisk(meter: Meter): void {
  const io = meter.createObservableCounter(S.METRIC_SYSTEM_DISK_IO, { unit: 'By', description: 'Bytes read from and written to disk.' });
  const ops = meter.createObservableCounter(S.METRIC_SYSTEM_DISK_OPERATIONS, { unit: '{operation}', description: 'Disk reads and writes completed.' });
  const ioTime = meter.createObservableCounter(S.METRIC_SYSTEM_DISK_IO_TIME, { unit: 's', description: 'Time the disk spent with I/O in flight.' });
  const wholeDisk = new Map<string, boolean>();
  const isWholeDisk = (dev: string) => {
    let v = wholeDisk.get(dev);
    if (v === undefined) wholeDisk.set(dev, (v = existsSync(`/sys/block/${dev}`)));
    return v;
  };
  meter.addBatchObservableCallback(
    (r) => {
      for (const d of readDiskStats(isWholeDisk) ?? []) {
        const read = { [S.ATTR_SYSTEM_DEVICE]: d.device, [S.ATTR_DISK_IO_DIRECTION]: 'read' };
        const write = { [S.ATTR_SYSTEM_DEVICE]: d.device, [S.ATTR_DISK_IO_DIRECTION]: 'write' };
        observePair(r, io, d.readBytes, d.writeBytes, read, write);
        observePair(r, ops, d.reads, d.writes, read, write);
        r.observe(ioTime, d.ioTimeSeconds, { [S.ATTR_SYSTEM_DEVICE]: d.device });
      }
    },
    [io, ops, ioTime],
  );
}

export function instrumentFilesystem(meter: Meter): void {
  const usage = meter.createObservableUpDownCounter(S.METRIC_SYSTEM_FILESYSTEM_USAGE, { unit: 'By', description: 'Filesystem space, by state.' });
  const limit = meter.createObservableUpDownCounter(S.METRIC_SYSTEM_FILESYSTEM_LIMIT, { unit: 'By', description: 'Filesystem size.' });
  const util = meter.createObservableGauge(S.METRIC_SYSTEM_FILESYSTEM_UTILIZATION, {
    unit: '1',
    description: 'Fraction of the space usable by unprivileged users that is used (as df shows).',
  });
  meter.addBatchObservableCallback(
    async (r) => {
      // statfs is asynchronous so that a slow network mount never blocks the event loop.
      await Promise.all(
        (readMounts() ?? []).map(async (m) => {
          const s = await statfs(m.mountpoint).catch(() => undefined);
          if (s === undefined || s.blocks === 0) return;
          const base = { [S.ATTR_SYSTEM_DEVICE]: m.device, [S.ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT]: m.mountpoint, [S.ATTR_SYSTEM_FILESYSTEM_TYPE]: m.type };
          const used = (s.blocks - s.bfree) * s.bsize;
          const free = s.bavail * s.bsize;
          const reserved = (s.bfree - s.bavail) * s.bsize;
          r.observe(usage, used, { ...base, [S.ATTR_SYSTEM_FILESYSTEM_STATE]: 'used' });
          r.observe(usage, free, { ...base, [S.ATTR_SYSTEM_FILESYSTEM_STATE]: 'free' });
          r.observe(usage, reserved, { ...base, [S.ATTR_SYSTEM_FILESYSTEM_STATE]: 'reserved' });
          r.observe(limit, s.blocks * s.bsize, base);
          if (used + free > 0) r.observe(util, used / (used + free), base);
        }),
      );
    },
    [usage, limit, util],
  );
}
