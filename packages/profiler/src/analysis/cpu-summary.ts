// What a CPU profile says in a few lines: where the time went by function, and the GC share.
import { cpuFrameTree, treeTotal } from './frame-tree';
import { aggregateByFunction, type FunctionStats } from './function-table';
import { functionRow, percentOf, type FunctionRow } from './function-row';
import type { CpuProfile } from './profile-types';

export interface CpuRow extends FunctionRow {
  selfMs: number;
  /** Share of all samples (idle included), 0–100. */
  selfPercent: number;
  totalMs: number;
  totalPercent: number;
}

export interface TimeShare {
  ms: number;
  /** Of all sampled time, 0–100. */
  percent: number;
}

export interface CpuSummary {
  durationMs: number;
  samples: number;
  /** Time in V8's `(garbage collector)` node. */
  gc: TimeShare & { percentOfBusy: number };
  /** `(idle)`: the event loop waiting; not shown in the tables. */
  idle: TimeShare;
  bySelf: CpuRow[];
  byTotal: CpuRow[];
}

const GC = '(garbage collector)';
const HIDDEN = new Set(['(root)', '(idle)']);

export function summarizeCpuProfile(profile: CpuProfile, top = 15): CpuSummary {
  const root = cpuFrameTree(profile);
  const all = treeTotal(root);
  const functions = aggregateByFunction(root);
  const share = (name: string): TimeShare => {
    const stats = functions.find((f) => f.frame.url === '' && f.frame.functionName === name);
    const ms = (stats?.self ?? 0) / 1000;
    return { ms, percent: percentOf(stats?.selfCount ?? 0, all.count) };
  };
  const idle = share('(idle)');
  const gc = share(GC);
  const busyMs = all.value / 1000 - idle.ms;
  const shown = functions.filter((f) => !(f.frame.url === '' && HIDDEN.has(f.frame.functionName)));
  const row = (stats: FunctionStats): CpuRow => ({
    ...functionRow(stats),
    selfMs: stats.self / 1000,
    selfPercent: percentOf(stats.selfCount, all.count),
    totalMs: stats.total / 1000,
    totalPercent: percentOf(stats.totalCount, all.count),
  });
  return {
    durationMs: (profile.endTime - profile.startTime) / 1000,
    samples: all.count,
    gc: { ...gc, percentOfBusy: busyMs > 0 ? (100 * gc.ms) / busyMs : 0 },
    idle,
    bySelf: [...shown]
      .filter((f) => f.self > 0)
      .sort((a, b) => b.self - a.self)
      .slice(0, top)
      .map(row),
    // Pseudo-frames have no callees, so their total is their self: the self table already shows them.
    byTotal: shown
      .filter((f) => f.frame.url !== '')
      .sort((a, b) => b.total - a.total)
      .slice(0, top)
      .map(row),
  };
}
