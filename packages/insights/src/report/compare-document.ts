import type { CompareItem, CompareResult } from '../compare';
import { ReportDocument } from './document';
import { formatPercentChange, formatPointsChange, formatPValue, formatValue } from './format';

/** "+20.0 pts" for shares, "+96.3%" for the rest; a rise from 0 shows its size in the unit. */
export function formatItemChange(item: Pick<CompareItem, 'changeIn' | 'absoluteChange' | 'relativeChange' | 'unit'>): string {
  if (item.changeIn === 'points') return formatPointsChange(item.absoluteChange);
  if (item.relativeChange !== null) return formatPercentChange(item.relativeChange);
  return `${item.absoluteChange >= 0 ? '+' : ''}${formatValue(item.absoluteChange, item.unit)}`;
}

const describe = (items: CompareItem[]) => items.map((i) => `${i.subject} ${i.measure} ${formatItemChange(i)}`).join(', ');

/** Regressions only on the verdict's line, biggest first; improvements and load changes after it, apart. */
function verdictText(result: CompareResult): string {
  const of = (verdict: CompareItem['verdict']) => result.items.filter((i) => i.verdict === verdict);
  const [regressions, improvements, changed] = [of('regression'), of('improvement'), of('changed')];
  const parts = [`Verdict: ${result.verdict}${regressions.length > 0 ? ` (${describe(regressions)})` : ''}`];
  if (improvements.length > 0 && result.verdict !== 'improvement') parts.push(`improvements: ${describe(improvements)}`);
  if (improvements.length > 0 && result.verdict === 'improvement') parts[0] += ` (${describe(improvements)})`;
  if (changed.length > 0) parts.push(`load changed: ${describe(changed)}`);
  return parts.join('; ');
}

export function compareDocument(result: CompareResult): ReportDocument {
  const latency = result.items.filter((i) => i.unit === 'seconds' && i.measure === 'mean latency');
  return {
    title: `perf-otel compare${result.service ? ` for ${result.service}` : ''}`,
    subtitle: `${result.source}: before = ${result.before.label}, after = ${result.after.label} (Welch t-test on per-step values; biggest change first)`,
    verdict: {
      text: verdictText(result),
      tone: result.verdict === 'regression' ? 'bad' : result.verdict === 'improvement' ? 'good' : 'neutral',
    },
    sections: [
      {
        heading: 'Before / after',
        table: {
          columns: ['subject', 'measure', 'before', 'after', 'change', 'p-value', 'verdict'],
          rows: result.items.map((i) => [
            i.subject,
            i.measure,
            formatValue(i.before, i.unit),
            formatValue(i.after, i.unit),
            formatItemChange(i),
            formatPValue(i.pValue),
            i.verdict,
          ]),
        },
        note: result.items.length === 0 ? 'Nothing was measured on both sides: check the windows or versions.' : undefined,
        charts:
          latency.length === 0
            ? []
            : [
                {
                  kind: 'paired-bars',
                  title: 'Mean latency before and after',
                  unit: 'seconds',
                  labels: ['before', 'after'],
                  groups: latency.map((i) => ({ label: i.subject, before: i.before, after: i.after })),
                },
              ],
      },
    ],
  };
}
