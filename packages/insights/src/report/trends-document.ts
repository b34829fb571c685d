import { formatDuration } from '../durations';
import type { TrendsResult } from '../trends';
import { formatItemChange } from './compare-document';
import { ReportDocument, Tone } from './document';
import { formatPValue, formatTime, formatValue } from './format';

const toneOf = (count: number, bad: boolean): Tone => (count === 0 ? 'good' : bad ? 'bad' : 'neutral');

export function trendsDocument(result: TrendsResult): ReportDocument {
  const regressions = result.items.filter((i) => i.verdict === 'regression');
  const improvements = result.items.filter((i) => i.verdict === 'improvement');
  const moving = result.items.filter((i) => i.verdict !== 'no significant change');
  const range = formatDuration(result.end - result.start);
  return {
    title: `perf-otel trends${result.service ? ` for ${result.service}` : ''}`,
    subtitle: `${result.source}, ${formatTime(result.start)} – ${formatTime(result.end)} (${range})`,
    verdict: { text: `${regressions.length} regression(s), ${improvements.length} improvement(s)`, tone: toneOf(regressions.length, true) },
    sections: [
      {
        heading: 'Trends (least-squares slope, t-test on the slope; biggest change first)',
        table: {
          columns: ['subject', 'measure', 'mean level', `fitted change over ${range}`, 'relative', 'p-value', 'R²', 'verdict'],
          rows: result.items.map((i) => [
            i.subject,
            i.measure,
            formatValue(i.points.reduce((s, [, v]) => s + v, 0) / i.points.length, i.unit),
            `${i.absoluteChange >= 0 ? '+' : '−'}${formatValue(Math.abs(i.absoluteChange), i.unit)}`,
            formatItemChange(i),
            formatPValue(i.pValue),
            i.rSquared.toFixed(2),
            i.verdict,
          ]),
        },
        note: result.items.length === 0 ? 'No data in this range.' : undefined,
        charts: moving.map((i) => ({
          kind: 'line' as const,
          title: `${i.subject}: ${i.measure} (${i.verdict})`,
          unit: i.unit,
          series: [{ name: i.measure, points: i.points }],
        })),
      },
    ],
  };
}
