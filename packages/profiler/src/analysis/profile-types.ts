// The two standard file formats, as Chrome DevTools and speedscope read them. Only the fields the
// analysis uses are typed; files written by other tools may carry more.

/** Where a function is: url is '' for V8 builtins and natives, lineNumber/columnNumber are 0-based. */
export interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** `.cpuprofile`: the inspector's Profiler.Profile. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  /** Node id of each sample, in order. */
  samples?: number[];
  /** Microseconds between consecutive samples (the first from startTime). */
  timeDeltas?: number[];
}

export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

/** `.heapprofile`: the inspector's HeapProfiler.SamplingHeapProfile. */
export interface HeapProfile {
  head: HeapProfileNode;
  samples?: Array<{ size: number; nodeId: number; ordinal: number }>;
}

export interface HeapProfileNode {
  id: number;
  callFrame: CallFrame;
  selfSize: number;
  children: HeapProfileNode[];
}

export type ProfileKind = 'cpu' | 'heap';

export const FILE_EXTENSION: Record<ProfileKind, string> = { cpu: '.cpuprofile', heap: '.heapprofile' };
