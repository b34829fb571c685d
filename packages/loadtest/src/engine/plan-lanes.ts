// Spreads a fixed arrival rate over several autocannon instances ("lanes") started at staggered
// offsets. autocannon's rate limit lets each connection send its per-second quota at the start of
// each second, and all connections of one instance share that second boundary: a single instance
// would fire the whole second's requests in one burst. Lanes offset by 1/L s turn that into L
// smaller bursts per second, much closer to evenly spaced arrivals.

export const MAX_LANES = 25;

export interface Lane {
  /** When the lane starts, relative to the step start. */
  offsetMs: number;
  /** Requests per second from this lane. */
  rate: number;
  connections: number;
  /** Requests this lane sends in the step (so counts are exact, not cut off by a timer). */
  amount: number;
}

/** Splits `total` into `parts` whole numbers differing by at most one. */
export function distribute(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

/**
 * The lanes of one step of `rate` requests/s for `seconds`. The rate is split into `rate` streams of
 * one request/s each (stream j belongs to lane j mod L) and the step's requests across the streams;
 * a lane sends what its streams hold, so every lane runs for the step's length (within one request)
 * and the step delivers its declared rate for its declared duration. Splitting the count evenly
 * across lanes of uneven rates made the slower lanes run on (60 req/s × 40 s took 48 s).
 */
export function planLanes(rate: number, seconds: number, maxConnections: number): Lane[] {
  const count = Math.min(rate, MAX_LANES);
  const amount = Math.round(rate * seconds);
  const connectionsPerLane = Math.max(1, Math.floor(maxConnections / count));
  const lanes: Lane[] = [];
  for (let index = 0; index < count; index++) {
    let laneAmount = 0;
    for (let stream = index; stream < rate; stream += count) laneAmount += distribute(amount, rate, stream);
    if (laneAmount === 0) continue;
    const laneRate = distribute(rate, count, index);
    // One connection per request per second keeps each connection idle most of the time, so a
    // slower server delays answers instead of silently lowering the arrival rate.
    lanes.push({ offsetMs: (index * 1000) / count, rate: laneRate, connections: Math.min(laneRate, connectionsPerLane, laneAmount), amount: laneAmount });
  }
  return lanes;
}

/** A ramp from `from` to `to` rate over `seconds`, as one-second steps at the mid-step rate. */
export function rampSteps(from: number, to: number, seconds: number): { rate: number; seconds: number }[] {
  if (from === to) return [{ rate: from, seconds }];
  const steps: { rate: number; seconds: number }[] = [];
  for (let start = 0; start < seconds; start++) {
    const length = Math.min(1, seconds - start);
    steps.push({ rate: Math.max(1, Math.round(from + ((to - from) * (start + length / 2)) / seconds)), seconds: length });
  }
  return steps;
}
