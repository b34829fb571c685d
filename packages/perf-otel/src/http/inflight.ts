// The server responses in flight, with their start times, in numbered slots of plain arrays.
//
// Not a Map keyed by the response: a long-lived Map with one insert and one delete per request
// keeps rehashing its table, and V8 allocates each new table in the old generation where the Map
// lives. Under hello-world load that was about 10 MB/s of old-generation garbage, and the 4-5
// mark-compacts per 5 s it forced (node --trace-gc; none without the Map) were most of the p99
// latency perf-otel added. Slots allocate nothing once the peak concurrency has been seen, and the
// start times stay unboxed doubles.
const kSlot = Symbol('perf-otel.http.server.slot');

type Slotted = { [kSlot]?: number };

export class InflightTable<R extends object, T> {
  private readonly responses: Array<R | undefined> = [];
  private readonly starts: number[] = [];
  private readonly extras: Array<T | undefined> = [];
  private readonly free: number[] = [];

  open(response: R, start: number, extra: T | undefined): void {
    const slot = this.free.length > 0 ? this.free.pop()! : this.responses.length;
    this.responses[slot] = response;
    this.starts[slot] = start;
    this.extras[slot] = extra;
    (response as Slotted)[kSlot] = slot;
  }

  /** The slot of a response still in flight, or -1 (not tracked, or already closed). */
  find(response: R): number {
    const slot = (response as Slotted)[kSlot];
    return slot !== undefined && this.responses[slot] === response ? slot : -1;
  }

  start(slot: number): number {
    return this.starts[slot];
  }

  extra(slot: number): T | undefined {
    return this.extras[slot];
  }

  close(slot: number): void {
    this.responses[slot] = undefined;
    this.extras[slot] = undefined;
    this.free.push(slot);
  }

  /** Visits every open response; `visit` may close the slot it is given. */
  forEach(visit: (response: R, slot: number) => void): void {
    for (let slot = 0; slot < this.responses.length; slot++) {
      const response = this.responses[slot];
      if (response !== undefined) visit(response, slot);
    }
  }
}
