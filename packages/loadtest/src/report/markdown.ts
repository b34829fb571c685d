import type { RunResult } from '../results/run-result';
import { reportSections, reportTitle, verdictLine, type Section } from './sections';

// Leading spaces (request rows under their stage) would be collapsed by Markdown.
const cell = (text: string) =>
  text
    .replace(/^ +/, (spaces) => '&nbsp;'.repeat(spaces.length))
    .trimEnd()
    .replace(/\|/g, '\\|') || ' ';

function renderSection(section: Section): string {
  const numeric = section.header.map((_, column) => column > 0 && section.rows.every((row) => /^[-\d.]/.test(row[column])));
  return [
    `### ${section.title}`,
    '',
    `| ${section.header.map(cell).join(' | ')} |`,
    `|${numeric.map((right) => (right ? ' ---: ' : ' --- ')).join('|')}|`,
    ...section.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The report as GitHub-flavoured Markdown (e.g. for a CI job summary). */
export function renderMarkdownReport(result: RunResult): string {
  return [`## ${reportTitle(result)}`, ...reportSections(result).map(renderSection), `**${verdictLine(result)}**`].join('\n\n') + '\n';
}
