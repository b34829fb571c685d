// Scrapes in rounds, so a scrape storm cannot stall the app, while every answer stays fresh (the
// collection starts after the scrape arrived, or was already running: single-flight, as
// Prometheus client libraries share nothing older than that).
// - One collection at a time; everyone who asks while it runs shares it, up to MAX_PER_ROUND.
// - The next collection starts no sooner than a gap after the last one started: 19 times as long as
//   that one took (so collecting takes at most ~5 % of the time), at least MIN_GAP_MS. A scrape in
//   the gap waits for that next round (a Prometheus every 15 s, or an HA pair, never waits).
// - Beyond MAX_PER_ROUND in a round, a scraper is held for a second, then refused with 503 and
//   Retry-After (client_golang refuses beyond MaxRequestsInFlight at once; held, a client that
//   retries at once costs the app one tiny answer a second, not a loop of them).
export const MAX_PER_ROUND = 8;
const MIN_GAP_MS = 100;
const MAX_GAP_MS = 5000;
const GAP_FACTOR = 19;
const REFUSAL_HOLD_MS = 1000;

export interface Exposition {
  body: Buffer;
  status: number;
}

interface Round {
  exposition: Promise<Exposition>;
  members: number;
}
interface PendingRound extends Round {
  begin(): void;
}

export class SharedScrape {
  private running: Round | undefined;
  private pending: PendingRound | undefined;
  private pendingTimer: NodeJS.Timeout | undefined;
  private lastStart = -Infinity;
  private gapMs = MIN_GAP_MS;
  private refused: Array<() => void> = [];
  private refusalTimer: NodeJS.Timeout | undefined;

  constructor(private readonly produce: () => Promise<Exposition>) {}

  /** The exposition for this scraper, or undefined when the rounds are full: `refusal` is then called a second later. */
  get(refusal: () => void): Promise<Exposition> | undefined {
    if (this.running !== undefined && this.running.members < MAX_PER_ROUND) {
      this.running.members++;
      return this.running.exposition;
    }
    if (this.running === undefined && this.pending === undefined && performance.now() >= this.lastStart + this.gapMs) {
      return this.begin(1).exposition;
    }
    if (this.pending === undefined) {
      this.pending = this.pendingRound();
      if (this.running === undefined) this.schedulePending();
    }
    if (this.pending.members < MAX_PER_ROUND) {
      this.pending.members++;
      return this.pending.exposition;
    }
    this.refuse(refusal);
    return undefined;
  }

  private begin(members: number): Round {
    const started = performance.now();
    this.lastStart = started;
    const exposition = this.produce()
      .then((e) => {
        this.gapMs = Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, (performance.now() - started) * GAP_FACTOR));
        return e;
      })
      .finally(() => {
        this.running = undefined;
        this.schedulePending();
      });
    this.running = { exposition, members };
    return this.running;
  }

  private pendingRound(): PendingRound {
    let begin!: () => void;
    const round: PendingRound = {
      members: 0,
      exposition: new Promise<Exposition>((resolve) => {
        begin = () => {
          void this.begin(round.members).exposition.then(resolve);
        };
      }),
      begin: () => begin(),
    };
    return round;
  }

  private schedulePending(): void {
    if (this.pending === undefined || this.pendingTimer !== undefined) return;
    this.pendingTimer = setTimeout(
      () => {
        const round = this.pending;
        this.pending = undefined;
        this.pendingTimer = undefined;
        round?.begin();
      },
      Math.max(0, this.lastStart + this.gapMs - performance.now()),
    );
    // A scrape waiting for its round never keeps a finished app alive.
    this.pendingTimer.unref();
  }

  private refuse(refusal: () => void): void {
    this.refused.push(refusal);
    if (this.refusalTimer !== undefined) return;
    this.refusalTimer = setTimeout(() => {
      this.refusalTimer = undefined;
      for (const r of this.refused.splice(0)) r();
    }, REFUSAL_HOLD_MS);
    this.refusalTimer.unref();
  }
}
