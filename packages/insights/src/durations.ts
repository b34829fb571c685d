// Durations ("1h", "7d") and time windows ("2026-11-20T10:00Z/2026-11-20T11:00Z") as users type them.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const DURATION = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;

/** A user-facing mistake in a duration, window or flag value; the message says how to write it. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export function parseDuration(text: string, what: string): number {
  const match = DURATION.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new InputError(`${what} "${text}" is not a duration; write e.g. 30m, 1h, 7d`);
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

export interface TimeWindow {
  start: number;
  end: number;
}

/** ISO timestamps as users write them: "2026-11-20T10:00Z" (seconds optional). */
function parseInstant(text: string, what: string): number {
  const ms = Date.parse(text.trim());
  if (Number.isNaN(ms)) throw new InputError(`${what}: "${text}" is not a time; write e.g. 2026-11-20T10:00Z`);
  return ms / 1000;
}

export function parseWindow(text: string, what: string): TimeWindow {
  const parts = text.split('/');
  if (parts.length !== 2) throw new InputError(`${what} "${text}" is not a window; write START/END, e.g. 2026-11-20T10:00Z/2026-11-20T11:00Z`);
  const start = parseInstant(parts[0], what);
  const end = parseInstant(parts[1], what);
  if (end <= start) throw new InputError(`${what} "${text}" ends before it starts; put the earlier time first`);
  return { start, end };
}

/** "3600" → "1h", "90" → "1.5m": how durations are written back in reports. */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds >= size) return `${Number((seconds / size).toFixed(1))}${unit}`;
  }
  return `${Number(seconds.toFixed(1))}s`;
}
