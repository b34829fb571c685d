/** Longest recording the endpoint accepts: a forgotten request must not profile for an hour. */
export const MAX_SECONDS = 300;
export const DEFAULT_SECONDS = 10;

/** Parses `?seconds=`; returns a one-line message naming the problem and the fix when it is bad. */
export function parseSeconds(raw: string | null): number | string {
  if (raw === null || raw === '') return DEFAULT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_SECONDS) {
    return `seconds must be a number above 0 and at most ${MAX_SECONDS}, got "${raw}"; e.g. ?seconds=30`;
  }
  return seconds;
}
