// A finding as lines of text, shared by the terminal and Markdown renderers.
import type { Finding } from '../findings';
import { formatValue } from '../report/format';

export function findingLines(finding: Finding, code: (query: string) => string): string[] {
  return [
    `[${finding.severity.toUpperCase()}] ${finding.title}`,
    ...finding.evidence.map((e) => `    ${e.label}: ${formatValue(e.value, e.unit)}   ${code(e.query)}`),
    ...finding.actions.map((a) => `    → ${a}`),
  ];
}
