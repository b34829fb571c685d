// Plain-text rendering for a terminal: padded tables, findings with their evidence and actions.
import { ReportDocument, Table } from '../report/document';
import { findingLines } from './findings-text';

export function textTable(table: Table): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  // Numbers read best right-aligned; the first column (a name) stays left.
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(table.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

export function renderTerminal(doc: ReportDocument): string {
  const out = [doc.title, doc.subtitle];
  if (doc.verdict) out.push(doc.verdict.text);
  for (const section of doc.sections) {
    out.push('', `== ${section.heading} ==`);
    for (const finding of section.findings ?? []) out.push(...findingLines(finding));
    if (section.table && section.table.rows.length > 0) out.push(textTable(section.table));
    if (section.note) out.push(section.note);
  }
  if (doc.sections.some((s) => (s.findings ?? []).length > 0)) out.push('', 'The PromQL behind every number: --json, --markdown or --html.');
  return `${out.join('\n')}\n`;
}
