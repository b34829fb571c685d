import { ReportDocument, Table } from '../report/document';
import { distinctQueries, findingLines } from './findings-text';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function markdownTable(table: Table): string {
  return [
    `| ${table.columns.map(cell).join(' | ')} |`,
    `|${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...table.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function renderMarkdown(doc: ReportDocument): string {
  const out = [`# ${doc.title}`, '', doc.subtitle];
  if (doc.verdict) out.push('', `**${doc.verdict.text}**`);
  for (const section of doc.sections) {
    out.push('', `## ${section.heading}`, '');
    for (const finding of section.findings ?? []) {
      const [head, ...rest] = findingLines(finding);
      out.push(`- **${head}**`, ...rest.map((l) => `  - ${l.trim()}`));
      // Folded: GitHub and most Markdown viewers render <details>; the code block keeps the query verbatim.
      out.push(
        '',
        '  <details><summary>PromQL</summary>',
        '',
        '  ```promql',
        ...distinctQueries(finding).map((q) => `  ${q}`),
        '  ```',
        '',
        '  </details>',
        '',
      );
    }
    if (section.table && section.table.rows.length > 0) out.push(markdownTable(section.table));
    if (section.note) out.push(section.note);
  }
  return `${out.join('\n')}\n`;
}
