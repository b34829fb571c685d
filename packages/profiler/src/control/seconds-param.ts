/**
 * Longest recording the endpoint accepts. One recording runs at a time, so a long one holds the
 * profiler for everyone (and a sampling profile costs the app the whole time): a minute shows any
 * steady hot spot; the signal trigger (PERF_OTEL_PROFILING_SIGNAL_SECONDS) is for longer windows.
 */
export const MAX_SECONDS = 60;
export const DEFAULT_SECONDS = 10;

/** Parses `?seconds=`; returns a one-line message naming the problem and the fix when it is bad. */
export function parseSeconds(raw: string | null): number | string {
  if (raw === null || raw === '') return DEFAULT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_SECONDS) {
    return `seconds must be a number above 0 and at most ${MAX_SECONDS}, got "${raw.length > 20 ? `${raw.slice(0, 20)}…` : raw}"; e.g. ?seconds=30`;
  }
  return seconds;
}
