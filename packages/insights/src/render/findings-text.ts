// A finding as lines of text, shared by the terminal and Markdown renderers: the title, each number
// with its label, and what to do. The PromQL behind the numbers is kept apart (distinctQueries) so a
// renderer can fold it away: four full queries under every finding bury it.
import type { Finding } from '../findings';
import { formatValue } from '../report/format';

export function findingLines(finding: Finding): string[] {
  return [
    `[${finding.severity.toUpperCase()}] ${finding.title}`,
    `    ${finding.evidence.map((e) => `${e.label}: ${formatValue(e.value, e.unit)}`).join(' · ')}`,
    ...finding.actions.map((a) => `    → ${a}`),
  ];
}

/** The finding's queries, each once (several numbers often come from one query). */
export const distinctQueries = (finding: Finding): string[] => [...new Set(finding.evidence.map((e) => e.query))];
