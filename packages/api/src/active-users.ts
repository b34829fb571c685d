// Distinct active users per time window, counted with a HyperLogLog sketch: a user id is hashed and
// dropped at once, never kept, never exported. Exported as the gauge `app.users.active` with
// `app.window` = `current` (the window under way, growing) and `previous` (the last complete window,
// the number to graph and alert on).
import type { ObservableResult } from '@opentelemetry/api';
import { HyperLogLog } from './hyperloglog';
import { observableGaugeSet } from './instruments';
import { APP_WINDOW_VALUE_CURRENT, APP_WINDOW_VALUE_PREVIOUS, ATTR_APP_WINDOW, METRIC_APP_USERS_ACTIVE } from './semconv';
import type { ActiveUsersEstimate, ActiveUsersOptions } from './types';
import { validateNumber } from './validate';

const DEFAULT_WINDOW_MS = 5 * 60_000;
const CURRENT = Object.freeze({ [ATTR_APP_WINDOW]: APP_WINDOW_VALUE_CURRENT });
const PREVIOUS = Object.freeze({ [ATTR_APP_WINDOW]: APP_WINDOW_VALUE_PREVIOUS });

const activeUsers = observableGaugeSet(METRIC_APP_USERS_ACTIVE, {
  unit: '{user}',
  description: 'Distinct users per window (HyperLogLog estimate, ±0.8 %); app.window: current or previous',
});

class ActiveUsers {
  private readonly sketch = new HyperLogLog();
  private windowMs = DEFAULT_WINDOW_MS;
  /** Index of the window the sketch counts (windows are aligned to the epoch, so instances agree). */
  private window = Number.NaN;
  private previous: number | undefined;
  private started = false;

  configure(windowMs: number): void {
    this.windowMs = windowMs;
    this.window = Number.NaN;
    this.previous = undefined;
    this.sketch.clear();
  }

  track(userId: string): void {
    this.roll();
    this.sketch.add(userId);
    if (!this.started) {
      this.started = true;
      activeUsers.add(this.report);
    }
  }

  estimate(): ActiveUsersEstimate {
    this.roll();
    return { current: this.sketch.estimate(), previous: this.previous };
  }

  /** Moves to the window of now; the one that ended becomes `previous` (0 when a whole window was quiet). */
  private roll(): void {
    const window = Math.floor(Date.now() / this.windowMs);
    if (window === this.window) return;
    if (!Number.isNaN(this.window)) this.previous = window === this.window + 1 ? this.sketch.estimate() : 0;
    this.sketch.clear();
    this.window = window;
  }

  private readonly report = (result: ObservableResult): void => {
    const { current, previous } = this.estimate();
    result.observe(current, CURRENT);
    if (previous !== undefined) result.observe(previous, PREVIOUS);
  };
}

const tracker = new ActiveUsers();

/** Counts `userId` as active in the current window. Cheap (one hash, no allocation); never throws. */
export function trackActiveUser(userId: string | number | bigint): void {
  tracker.track(typeof userId === 'string' ? userId : String(userId));
}

/** Sets the window length (default 5 min); restarts counting. */
export function configureActiveUsers(options: ActiveUsersOptions): void {
  tracker.configure(validateNumber(options.windowMs ?? DEFAULT_WINDOW_MS, 'active users windowMs', 1000));
}

/** The estimates the gauge exports, for logs or a status page. */
export function activeUsersEstimate(): ActiveUsersEstimate {
  return tracker.estimate();
}
