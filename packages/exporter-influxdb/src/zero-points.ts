// Zero points. An OTLP cumulative series (histogram, monotonic sum) counts from 0 at its start time,
// but its first exported point already holds what it counted since then: a per-bucket difference has
// nothing before that point to subtract, so a new series (every app restart starts new ones) loses
// its first bucket. Writing the start itself as a point (every cumulative field 0, at the start time)
// is the missing earlier value; deploy/influxdb's continuous queries and the trends dashboard use it.
// The Collector component collector/influxdbexporter does the same.

/**
 * A zero point is written only while its start lies at most this far before the point it comes with:
 * later than that the hourly continuous query (RESAMPLE FOR 2h) no longer reads it, and a start older
 * than the raw retention would be refused. A series first seen long after its start (e.g. after this
 * exporter restarted while the app ran on) gets none: its start is not news.
 */
const ZERO_POINT_MAX_AGE_NANOS = 3_600_000_000_000n;

/**
 * Which series got their zero point, so each gets it once per start: series key → start time (ns).
 * Entries whose start is older than ZERO_POINT_MAX_AGE_NANOS are forgotten (they would get none
 * anyway), so memory follows the series started in the last hour, not every series ever seen.
 */
export class ZeroPoints {
  private readonly written = new Map<string, bigint>();
  private purgeAtSize = 1024;

  /** True (and remembered) when this series with this start needs its zero point now. */
  claim(seriesKey: string, startNanos: bigint, timeNanos: bigint): boolean {
    if (startNanos <= 0n || timeNanos < startNanos || timeNanos - startNanos > ZERO_POINT_MAX_AGE_NANOS) return false;
    if (this.written.get(seriesKey) === startNanos) return false;
    this.written.set(seriesKey, startNanos);
    if (this.written.size >= this.purgeAtSize) this.forgetStartsBefore(timeNanos - ZERO_POINT_MAX_AGE_NANOS);
    return true;
  }

  /** Amortised: runs when the map doubled since the last purge. */
  private forgetStartsBefore(oldestNanos: bigint): void {
    for (const [key, start] of this.written) if (start < oldestNanos) this.written.delete(key);
    this.purgeAtSize = Math.max(1024, this.written.size * 2);
  }
}
