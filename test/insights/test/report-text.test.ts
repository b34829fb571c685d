// What the reports say, from fixed results: the compare verdict lists regressions only, biggest
// first, with improvements and load changes apart; chart ticks are 1/2/5 × 10^n; a series with a
// hole is drawn as separate segments.
import { compareDocument, type CompareItem, type CompareResult } from '@org/perf-otel-insights';
import { niceTicks, segments } from '../../../packages/insights/src/render/svg-charts';

const item = (
  subject: string,
  measure: string,
  before: number,
  after: number,
  verdict: CompareItem['verdict'],
  changeIn: CompareItem['changeIn'] = 'relative',
): CompareItem => ({
  subject,
  measure,
  unit: changeIn === 'points' ? 'ratio' : 'seconds',
  before,
  after,
  absoluteChange: after - before,
  relativeChange: before === 0 ? null : (after - before) / before,
  changeIn,
  pValue: 0.001,
  samples: { before: 30, after: 30 },
  queries: { before: 'q', after: 'q' },
  verdict,
});

const result = (items: CompareItem[], verdict: CompareResult['verdict']): CompareResult => ({
  kind: 'compare',
  service: 'shop',
  source: 'test',
  before: { label: 'a', start: 0, end: 1 },
  after: { label: 'b', start: 1, end: 2 },
  items,
  verdict,
});

test('the verdict line holds regressions only; improvements and load changes follow apart', () => {
  const doc = compareDocument(
    result(
      [
        item('GET /api/checkout', 'mean latency', 0.05, 0.1, 'regression'),
        item('GET /api/search', 'mean latency', 0.5, 0.037, 'improvement'),
        item('GET /api/checkout', '5xx ratio', 0, 0.2, 'regression', 'points'),
        { ...item('all requests', 'throughput', 50, 80, 'changed'), unit: 'per-second' },
      ],
      'regression',
    ),
  );
  expect(doc.verdict?.text).toBe(
    'Verdict: regression (GET /api/checkout mean latency +100.0%, GET /api/checkout 5xx ratio +20.0 pts); ' +
      'improvements: GET /api/search mean latency -92.6%; load changed: all requests throughput +60.0%',
  );
  expect(doc.sections[0].table?.rows.map((r) => r[4])).toEqual(['+100.0%', '-92.6%', '+20.0 pts', '+60.0%']);
});

test('only improvements: the verdict says so and names them', () => {
  const doc = compareDocument(result([item('GET /api/search', 'mean latency', 0.5, 0.25, 'improvement')], 'improvement'));
  expect(doc.verdict?.text).toBe('Verdict: improvement (GET /api/search mean latency -50.0%)');
});

test('y ticks at 1, 2 or 5 × 10^n covering the maximum', () => {
  expect(niceTicks(0.485)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  expect(niceTicks(0.83)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
  expect(niceTicks(1200)).toEqual([0, 500, 1000, 1500]);
  expect(niceTicks(0)).toEqual([0, 1]);
});

test('a series with missing steps splits into segments at the holes', () => {
  const points: Array<[number, number]> = [
    [0, 1],
    [15, 2],
    [30, 3],
    [120, 4],
    [135, 5],
    [300, 6],
  ];
  expect(segments(points)).toEqual([
    [
      [0, 1],
      [15, 2],
      [30, 3],
    ],
    [
      [120, 4],
      [135, 5],
    ],
    [[300, 6]],
  ]);
});
