// The open-model lane plan, without a network: every lane of a step sends at its rate for the step's
// length, so the step delivers the declared rate for the declared duration and exactly rate × seconds
// requests. autocannon sends a lane's per-second quota at each of its one-second boundaries (from the
// lane's offset), so a lane's sends are at offsetMs + k·1000 for k < ceil(amount / rate).
import { MAX_LANES, planLanes, rampSteps, type Lane } from '../../../packages/loadtest/src/engine/plan-lanes';

/** When each request of the lane leaves, in ms from the step start. */
function sendTimes(lane: Lane): number[] {
  return Array.from({ length: lane.amount }, (_, i) => lane.offsetMs + Math.floor(i / lane.rate) * 1000);
}

const perSecond = (times: number[], seconds: number) =>
  Array.from({ length: Math.ceil(seconds) }, (_, s) => times.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length);

describe('planLanes', () => {
  test.each([
    [60, 40],
    [40, 30],
    [1, 5],
    [7, 3],
    [24, 10],
    [25, 10],
    [26, 10],
    [99, 2],
    [1000, 3],
    [3, 0.5],
  ])('%i req/s for %p s: rate × seconds requests, the declared rate in every second, done within the duration', (rate, seconds) => {
    const lanes = planLanes(rate, seconds, 10000);
    expect(lanes.length).toBeLessThanOrEqual(MAX_LANES);
    expect(lanes.reduce((sum, lane) => sum + lane.amount, 0)).toBe(Math.round(rate * seconds));
    const times = lanes.flatMap(sendTimes);
    // The last request leaves within the step (the old plan's slow lanes ran on for seconds).
    expect(Math.max(...times)).toBeLessThan(seconds * 1000);
    if (Number.isInteger(seconds)) expect(perSecond(times, seconds)).toEqual(Array(seconds).fill(rate));
  });

  test('60 req/s × 40 s: 25 lanes of 2 or 3 req/s, each sending 40 s worth', () => {
    const lanes = planLanes(60, 40, 10000);
    expect(lanes.map((lane) => [lane.rate, lane.amount])).toEqual([...Array(10).fill([3, 120]), ...Array(15).fill([2, 80])]);
    expect(lanes.map((lane) => lane.offsetMs)).toEqual(Array.from({ length: 25 }, (_, i) => i * 40));
  });

  test('a ramp delivers each one-second step at its mid-step rate', () => {
    const steps = rampSteps(10, 50, 4);
    expect(steps).toEqual([
      { rate: 15, seconds: 1 },
      { rate: 25, seconds: 1 },
      { rate: 35, seconds: 1 },
      { rate: 45, seconds: 1 },
    ]);
    expect(steps.map((step) => planLanes(step.rate, step.seconds, 100).reduce((sum, lane) => sum + lane.amount, 0))).toEqual([15, 25, 35, 45]);
  });

  test('connections per lane stay within the cap', () => {
    const lanes = planLanes(200, 5, 50);
    expect(lanes.every((lane) => lane.connections === 2)).toBe(true);
  });
});
