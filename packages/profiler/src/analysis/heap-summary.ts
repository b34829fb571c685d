// What a sampling heap profile says: the allocation sites holding the most sampled bytes.
import { heapFrameTree, treeTotal } from './frame-tree';
import { aggregateByFunction, type FunctionStats } from './function-table';
import { frameKey } from './call-frame';
import { functionRow, percentOf, type FunctionRow } from './function-row';
import type { HeapProfile } from './profile-types';

export interface HeapRow extends FunctionRow {
  /** Sampled bytes allocated here and still live when the profile stopped. */
  selfBytes: number;
  /** Of all sampled bytes, 0–100. */
  selfPercent: number;
}

export interface HeapSummary {
  totalBytes: number;
  samples: number;
  sites: HeapRow[];
}

export function summarizeHeapProfile(profile: HeapProfile, top = 15): HeapSummary {
  const { total, sites } = heapSites(profile);
  return {
    totalBytes: total.value,
    samples: total.count,
    sites: sites.slice(0, top).map((stats) => heapRow(stats, total.value)),
  };
}

/** Every allocation site, largest self first, keyed for comparison. */
export function heapSites(profile: HeapProfile): { total: { value: number; count: number }; sites: FunctionStats[]; byKey: Map<string, FunctionStats> } {
  const root = heapFrameTree(profile);
  const sites = aggregateByFunction(root)
    .filter((f) => f.self > 0)
    .sort((a, b) => b.self - a.self);
  return { total: treeTotal(root), sites, byKey: new Map(sites.map((s) => [frameKey(s.frame), s])) };
}

export function heapRow(stats: FunctionStats, totalBytes: number): HeapRow {
  return { ...functionRow(stats), selfBytes: stats.self, selfPercent: percentOf(stats.self, totalBytes) };
}
