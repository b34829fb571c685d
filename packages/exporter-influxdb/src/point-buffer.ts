/**
 * Lines waiting to be written, oldest first, bounded: when full, the oldest are dropped (recent data is
 * worth more once InfluxDB is back) and counted.
 */
export class PointBuffer {
  private lines: string[] = [];
  private droppedTotal = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.lines.length;
  }
  get dropped(): number {
    return this.droppedTotal;
  }

  /** Appends; returns how many old lines were dropped to make room. */
  push(lines: readonly string[]): number {
    // concat, not push(...lines): an export can hold more lines than a call may take arguments.
    this.lines = this.lines.concat(lines);
    return this.trim();
  }

  /** Removes and returns up to `max` of the oldest lines. */
  take(max: number): string[] {
    return this.lines.splice(0, max);
  }

  /** Puts lines that could not be written back in front (they are older than anything pushed since). */
  putBack(lines: readonly string[]): number {
    this.lines = lines.concat(this.lines);
    return this.trim();
  }

  /** Counts lines lost elsewhere (rejected by InfluxDB, left at shutdown) with the overflow. */
  countDropped(n: number): void {
    this.droppedTotal += n;
  }

  private trim(): number {
    const overflow = this.lines.length - this.capacity;
    if (overflow <= 0) return 0;
    this.lines.splice(0, overflow);
    this.droppedTotal += overflow;
    return overflow;
  }
}
