import type { RunResult } from '../results/run-result';
import { reportSections, reportTitle, verdictLine, type Section } from './sections';

export function renderSection(section: Section): string {
  const widths = section.header.map((cell, column) => Math.max(cell.length, ...section.rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  return [section.title, line(section.header), widths.map((width) => '-'.repeat(width)).join('  '), ...section.rows.map(line)].join('\n');
}

/** The report as aligned plain-text tables for a terminal or a CI log. */
export function renderTextReport(result: RunResult): string {
  return [reportTitle(result), ...reportSections(result).map(renderSection), verdictLine(result)].join('\n\n') + '\n';
}
