// Coordinated-omission correction: a response slower than its connection's send interval also
// stands for the requests that connection could not send meanwhile (they would have waited too).
import { StageRecorder, type Tally } from '../../../packages/loadtest/src/engine/stage-recorder';

const percentileMs = (tally: Tally, percentile: number) => tally.histogram.getValueAtPercentile(percentile) / 1000;

describe('latency recording', () => {
  it('a 2.5 s answer on a connection due to send every second also records the 1.5 s wait of the request due after 1 s', () => {
    const recorder = new StageRecorder(['list']);
    recorder.response('list', 200, 2500, 1000);
    const tally = recorder.perRequest.get('list')!;
    // HdrHistogram's convention: back-filled waits stop below one interval (the 0.5 s one is not added).
    expect(tally.histogram.totalCount).toBe(2);
    // (3 significant digits: values come back within a millisecond.)
    expect(percentileMs(tally, 0)).toBeCloseTo(1500, -1);
    expect(percentileMs(tally, 100)).toBeCloseTo(2500, -1);
    // Corrected samples are latency only: the request counts stay what was really sent.
    expect(tally.answered).toBe(1);
    expect(tally.statuses).toEqual({ 200: 1 });
  });

  it('answers within the interval, and closed-model answers, are recorded once', () => {
    const recorder = new StageRecorder(['list']);
    recorder.response('list', 200, 40, 1000);
    recorder.response('list', 503, 2500);
    expect(recorder.total.histogram.totalCount).toBe(2);
    expect(recorder.total.errors).toBe(1);
    expect(recorder.total.statuses).toEqual({ 200: 1, 503: 1 });
  });
});
