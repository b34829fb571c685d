// Which thread exports. The first thread of a process that runs perf-otel (normally the main
// thread) is the root: it owns the exporters and the Prometheus port, and leaves a mark in the
// environment data that every Worker it starts (and their own Workers) inherits. A thread that
// finds the mark is a worker: it records and hands its data to the root. A Worker whose main
// thread runs without perf-otel finds no mark and exports on its own.
import { getEnvironmentData, setEnvironmentData, threadId } from 'node:worker_threads';

const MARK = '@org/perf-otel:root';

export interface ThreadRole {
  /** True when another thread of this process exports for this one. */
  readonly worker: boolean;
  /** Names the channels between the root and its workers; unique per root. */
  readonly channel: string;
}

export function threadRole(): ThreadRole {
  const mark = getEnvironmentData(MARK);
  if (typeof mark === 'string') return { worker: true, channel: mark };
  return { worker: false, channel: `perf-otel:${process.pid}:${threadId}` };
}

/** Called once the root runs: Workers started from now on find it. */
export function markRoot(role: ThreadRole): void {
  setEnvironmentData(MARK, role.channel);
}
