import { performance } from 'node:perf_hooks';

// Gauges that describe an interval (event-loop delay percentiles, utilisations) are computed on
// our own fixed window, not per collection: with two readers (say Prometheus pull and OTLP push)
// a per-collection delta lets each reader steal the other's window.
export class WindowClock {
  private readonly ticks: Array<() => void> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMillis: number) {
    this.timer = setInterval(() => {
      for (const tick of this.ticks) tick();
    }, intervalMillis);
    this.timer.unref();
  }

  onTick(tick: () => void): void {
    this.ticks.push(tick);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * The rate of a cumulative reading (seconds of CPU per second, say) over the clock's last window;
 * before the first window closes, the rate since start, so the series exists from the first scrape.
 */
export function windowedRate(clock: WindowClock, read: () => number | undefined): () => number | undefined {
  const sample = () => ({ value: read(), at: performance.now() });
  const rate = (from: ReturnType<typeof sample>, to: ReturnType<typeof sample>) => {
    const elapsed = (to.at - from.at) / 1000;
    return to.value !== undefined && from.value !== undefined && elapsed > 0 ? (to.value - from.value) / elapsed : undefined;
  };
  let last = sample();
  let windowRate: number | undefined;
  let closed = false;
  clock.onTick(() => {
    const now = sample();
    windowRate = rate(last, now);
    last = now;
    closed = true;
  });
  return () => (closed ? windowRate : rate(last, sample()));
}
