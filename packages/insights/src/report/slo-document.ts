import type { SloReportResult } from '../slo-report';
import { ReportDocument } from './document';
import { formatTime } from './format';

export function sloDocument(result: SloReportResult): ReportDocument {
  const breached = result.items.filter((i) => i.status === 'breached');
  return {
    title: 'perf-otel SLO report',
    subtitle: `${result.source}, windows ending ${formatTime(result.end)}`,
    verdict:
      breached.length === 0
        ? { text: `All ${result.items.length} objective(s) met or without data`, tone: 'good' }
        : { text: `${breached.length} objective(s) breached: ${breached.map((i) => `${i.service}/${i.objective}`).join(', ')}`, tone: 'bad' },
    sections: [
      {
        heading: 'Objectives',
        table: {
          columns: ['service', 'objective', 'type', 'target', 'window', 'requests', 'bad', 'compliance', 'budget left', 'status'],
          rows: result.items.map((i) => [
            i.service,
            i.objective,
            i.type,
            `${i.target}%`,
            i.window,
            i.totalRequests.toFixed(0),
            i.badRequests.toFixed(0),
            Number.isFinite(i.compliance) ? `${i.compliance.toFixed(3)}%` : '–',
            `${(i.budgetRemaining * 100).toFixed(1)}%`,
            i.status,
          ]),
        },
        // An overspent budget draws as an empty bar; the table has the negative number.
        charts: [
          {
            kind: 'bars',
            title: 'Error budget left',
            unit: 'ratio',
            bars: result.items.map((i) => ({ label: `${i.service}/${i.objective}`, value: Math.max(0, i.budgetRemaining) })),
          },
        ],
      },
    ],
  };
}
