// Which thread exports. The first thread of a process that runs perf-otel (normally the main
// thread) is the root: it owns the exporters and the Prometheus port, and leaves a mark in the
// environment data that every Worker it starts (and their own Workers) inherits. A thread that
// finds the mark of an exporting root is a worker: it records and hands its data to the root. A
// Worker whose main thread runs without perf-otel finds no mark and exports on its own.
import { getEnvironmentData, setEnvironmentData, threadId } from 'node:worker_threads';

const MARK = '@org/perf-otel:root';

interface Mark {
  channel: string;
  exporting: boolean;
  env: string;
}

export interface ThreadRole {
  /** True when another thread of this process exports for this one. */
  readonly worker: boolean;
  /** Names the channels between the root and its workers; unique per root. */
  readonly channel: string;
  /** The root read the same configuration and already said what this thread would (warnings, "turned off"). */
  readonly repeatsRoot: boolean;
}

export function threadRole(): ThreadRole {
  const mark = getEnvironmentData(MARK) as Mark | undefined;
  const repeatsRoot = mark !== undefined && mark.env === configFingerprint();
  if (mark?.exporting) return { worker: true, channel: mark.channel, repeatsRoot };
  return { worker: false, channel: `perf-otel:${process.pid}:${threadId}`, repeatsRoot };
}

/** Called once the root has started (or found itself turned off): Workers started from now on find it. */
export function markRoot(role: ThreadRole, exporting: boolean): void {
  setEnvironmentData(MARK, { channel: role.channel, exporting, env: configFingerprint() } satisfies Mark);
}

/** A Worker may be given its own `env`: only the same variables make the root's messages its own. */
function configFingerprint(): string {
  return JSON.stringify(
    Object.entries(process.env)
      .filter(([k]) => k.startsWith('OTEL_') || k.startsWith('PERF_OTEL_'))
      .sort(),
  );
}
