import type { CompareResult } from '../compare';
import { ReportDocument } from './document';
import { formatPercentChange, formatPValue, formatValue } from './format';

export function compareDocument(result: CompareResult): ReportDocument {
  const latency = result.items.filter((i) => i.unit === 'seconds' && i.measure === 'mean latency');
  const changed = result.items.filter((i) => i.verdict !== 'no significant change');
  return {
    title: `perf-otel compare${result.service ? ` for ${result.service}` : ''}`,
    subtitle: `${result.source}: before = ${result.before.label}, after = ${result.after.label} (Welch t-test on per-step values)`,
    verdict: {
      text: result.verdict === 'no significant change' ? 'Verdict: no significant change'
        : `Verdict: ${result.verdict} (${changed.map((i) => `${i.subject} ${i.measure} ${formatPercentChange(i.relativeChange)}`).join(', ')})`,
      tone: result.verdict === 'regression' ? 'bad' : result.verdict === 'improvement' ? 'good' : 'neutral',
    },
    sections: [{
      heading: 'Before / after',
      table: {
        columns: ['subject', 'measure', 'before', 'after', 'change', 'p-value', 'verdict'],
        rows: result.items.map((i) => [i.subject, i.measure, formatValue(i.before, i.unit), formatValue(i.after, i.unit),
          formatPercentChange(i.relativeChange), formatPValue(i.pValue), i.verdict]),
      },
      note: result.items.length === 0 ? 'Nothing was measured on both sides: check the windows or versions.' : undefined,
      charts: latency.length === 0 ? [] : [{
        kind: 'paired-bars', title: 'Mean latency before and after', unit: 'seconds', labels: ['before', 'after'],
        groups: latency.map((i) => ({ label: i.subject, before: i.before, after: i.after })),
      }],
    }],
  };
}
