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
