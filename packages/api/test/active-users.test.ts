import { randomUUID } from 'node:crypto';
import {
  APP_WINDOW_VALUE_CURRENT,
  APP_WINDOW_VALUE_PREVIOUS,
  ATTR_APP_WINDOW,
  METRIC_APP_USERS_ACTIVE,
  activeUsersEstimate,
  configureActiveUsers,
  trackActiveUser,
} from '../src/index';
import { HyperLogLog } from '../src/hyperloglog';
import { pointWith, useInMemorySdk } from './support/in-memory-sdk';

const WINDOW_START = 1_800_000_000_000; // a multiple of 5 min: windows are aligned to the epoch
const current = { [ATTR_APP_WINDOW]: APP_WINDOW_VALUE_CURRENT };
const previous = { [ATTR_APP_WINDOW]: APP_WINDOW_VALUE_PREVIOUS };

function within(estimate: number, actual: number, relative: number): void {
  expect(Math.abs(estimate - actual) / actual).toBeLessThanOrEqual(relative);
}

describe('HyperLogLog', () => {
  it('estimates 10 000 distinct ids within 3 %, duplicates not counted', () => {
    const sketch = new HyperLogLog();
    for (let round = 0; round < 2; round++) for (let i = 0; i < 10_000; i++) sketch.add(`user-${i}`);
    within(sketch.estimate(), 10_000, 0.03);
  });

  it('is exact for small counts and 0 when empty; clear() empties it', () => {
    const sketch = new HyperLogLog();
    expect(sketch.estimate()).toBe(0);
    ['a', 'b', 'c', 'a'].forEach((id) => sketch.add(id));
    expect(sketch.estimate()).toBe(3);
    sketch.clear();
    expect(sketch.estimate()).toBe(0);
  });
});

describe('trackActiveUser', () => {
  const sdk = useInMemorySdk();
  let now = WINDOW_START;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
  afterEach(() => jest.restoreAllMocks());

  it('exports distinct users of the current and previous window, and never a user id', async () => {
    now = WINDOW_START + 1000;
    const ids = Array.from({ length: 10_000 }, () => `user-${randomUUID()}`);
    for (const id of ids) trackActiveUser(id);
    for (const id of ids.slice(0, 1000)) trackActiveUser(id); // returning users count once

    let points = await sdk().points(METRIC_APP_USERS_ACTIVE);
    expect(points.map((p) => p.attributes)).toEqual([current]);
    within(pointWith(points, current)!.value, 10_000, 0.03);

    now = WINDOW_START + 5 * 60_000 + 10; // the next window
    trackActiveUser(ids[0]!);
    trackActiveUser(42);
    trackActiveUser(7n);
    points = await sdk().points(METRIC_APP_USERS_ACTIVE);
    expect(pointWith(points, current)!.value).toBe(3);
    within(pointWith(points, previous)!.value, 10_000, 0.03);

    const exported = JSON.stringify([...(await sdk().collect()).values()]);
    expect(exported).not.toContain('user-');
    expect(points).toHaveLength(2);
  });

  it('a quiet window gives previous = 0; configureActiveUsers changes the window and restarts', async () => {
    configureActiveUsers({ windowMs: 60_000 });
    now = WINDOW_START;
    trackActiveUser('u1');
    now = WINDOW_START + 3 * 60_000; // two whole windows without a user
    expect(activeUsersEstimate()).toEqual({ current: 0, previous: 0 });
    trackActiveUser('u2');
    now = WINDOW_START + 4 * 60_000;
    expect(activeUsersEstimate()).toEqual({ current: 0, previous: 1 });
  });

  it('refuses a window under a second', () => {
    expect(() => configureActiveUsers({ windowMs: 10 })).toThrow('perf-otel-api: active users windowMs 10 is invalid: give a finite number ≥ 1000');
  });
});
