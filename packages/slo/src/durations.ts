const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** Seconds in a Prometheus-style duration ("500ms", "30d"), or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

/** "0.5" → "500ms", "2.5" → "2.5s": how thresholds are written back in messages. */
export function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${Number((seconds * 1000).toPrecision(6))}ms` : `${seconds}s`;
}
