import { FILE_EXTENSION, type ProfileKind } from '../analysis/profile-types';

/** `perf-otel-<pid>-<timestamp>.cpuprofile`: unique per process and moment, sorts by time. */
export function profileFileName(kind: ProfileKind | 'snapshot', pid = process.pid, at = new Date()): string {
  const stamp = at.toISOString().replace(/:/g, '-');
  return `perf-otel-${pid}-${stamp}${kind === 'snapshot' ? '.heapsnapshot' : FILE_EXTENSION[kind]}`;
}
