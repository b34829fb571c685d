// @org/perf-otel-profiler: the control channel the distribution starts in the instrumented process,
// the client that takes profiles from it, and the analysis of the standard profile files.
export { startProfilingControl } from './control/start-profiling-control';
export type { ProfilingControl, ProfilingControlOptions } from './control/start-profiling-control';
export { MAX_SECONDS } from './control/seconds-param';
export { localRequestProblem } from './control/local-request';
export type { LocalPolicy } from './control/local-request';
export { captureProfile, CaptureError } from './client/capture-profile';
export type { CapturedProfile } from './client/capture-profile';
export { summarizeCpuProfile } from './analysis/cpu-summary';
export type { CpuRow, CpuSummary, TimeShare } from './analysis/cpu-summary';
export { summarizeHeapProfile } from './analysis/heap-summary';
export type { HeapRow, HeapSummary } from './analysis/heap-summary';
export { compareHeapProfiles } from './analysis/heap-compare';
export type { GrowthRow, HeapComparison } from './analysis/heap-compare';
export type { FunctionRow } from './analysis/function-row';
export { formatCpuSummary, formatHeapComparison, formatHeapSummary } from './analysis/format-summary';
export type { FormatOptions } from './analysis/format-summary';
export { flameGraphHtml } from './analysis/flame-graph';
export { readProfileFile, profileOf } from './analysis/read-profile';
export type { LoadedProfile } from './analysis/read-profile';
export { ProfileFormatError } from './analysis/frame-tree';
export { FILE_EXTENSION } from './analysis/profile-types';
export type { CallFrame, CpuProfile, CpuProfileNode, HeapProfile, HeapProfileNode, ProfileKind } from './analysis/profile-types';
