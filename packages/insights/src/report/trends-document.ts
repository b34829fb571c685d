import { formatDuration } from '../durations';
import type { TrendsResult } from '../trends';
import { ReportDocument, Tone } from './document';
import { formatPercentChange, formatPValue, formatTime, formatValue } from './format';

const toneOf = (count: number, bad: boolean): Tone => (count === 0 ? 'good' : bad ? 'bad' : 'neutral');

export function trendsDocument(result: TrendsResult): ReportDocument {
  const regressions = result.items.filter((i) => i.verdict === 'regression');
  const improvements = result.items.filter((i) => i.verdict === 'improvement');
  const moving = [...regressions, ...improvements];
  return {
    title: `perf-otel trends${result.service ? ` for ${result.service}` : ''}`,
    subtitle: `${result.source}, ${formatTime(result.start)} – ${formatTime(result.end)} (${formatDuration(result.end - result.start)})`,
    verdict: { text: `${regressions.length} regression(s), ${improvements.length} improvement(s)`, tone: toneOf(regressions.length, true) },
    sections: [{
      heading: 'Trends (least-squares slope, t-test on the slope)',
      table: {
        columns: ['subject', 'measure', 'mean level', 'slope/day', 'change over range', 'p-value', 'R²', 'verdict'],
        rows: result.items.map((i) => [i.subject, i.measure,
          formatValue(i.points.reduce((s, [, v]) => s + v, 0) / i.points.length, i.unit), formatValue(i.slopePerDay, i.unit),
          formatPercentChange(i.relativeChange), formatPValue(i.pValue), i.rSquared.toFixed(2), i.verdict]),
      },
      note: result.items.length === 0 ? 'No data in this range.' : undefined,
      charts: moving.map((i) => ({ kind: 'line' as const, title: `${i.subject}: ${i.measure} (${i.verdict})`, unit: i.unit, series: [{ name: i.measure, points: i.points }] })),
    }],
  };
}
