// One self-contained HTML file: inline CSS, inline SVG charts, no scripts, nothing fetched.
import type { Finding } from '../findings';
import { ReportDocument, Table } from '../report/document';
import { formatValue } from '../report/format';
import { escapeHtml } from './escape';
import { distinctQueries } from './findings-text';
import { renderChart } from './svg-charts';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1b1b1b;padding:0 1rem}
h1{margin-bottom:.2rem}.subtitle{color:#555}.verdict{padding:.6rem 1rem;border-radius:6px;font-weight:600}
.bad{background:#ffe3e3}.good{background:#d3f9d8}.neutral{background:#e7f5ff}
table{border-collapse:collapse;margin:1rem 0}td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}
td:first-child,th:first-child{text-align:left;white-space:normal;overflow-wrap:anywhere}.table{overflow-x:auto;max-width:100%}.finding{border-left:4px solid #adb5bd;padding:.3rem .8rem;margin:.8rem 0}
.critical{border-color:#c92a2a}.warning{border-color:#e8590c}.info{border-color:#2f6fde}code{font-size:12px;color:#495057}
.actions{list-style:'→ '}details summary{cursor:pointer;color:#555;font-size:12px}details code{display:block;margin:.3rem 0;white-space:pre-wrap;word-break:break-all}
.chart{display:block;margin:1rem 0;max-width:100%;height:auto}.chart-title{font-weight:600;font-size:13px}.tick,.legend{font-size:11px}.grid{stroke:#eee}`;

function findingHtml(f: Finding): string {
  const evidence = f.evidence.map((e) => `<li>${escapeHtml(e.label)}: <b>${escapeHtml(formatValue(e.value, e.unit))}</b></li>`);
  const actions = f.actions.map((a) => `<li>${escapeHtml(a)}</li>`);
  const queries = distinctQueries(f).map((q) => `<code>${escapeHtml(q)}</code>`);
  return (
    `<div class="finding ${f.severity}"><b>${f.severity.toUpperCase()}</b> ${escapeHtml(f.title)}<ul>${evidence.join('')}</ul><ul class="actions">${actions.join('')}</ul>` +
    `<details><summary>PromQL (${queries.length})</summary>${queries.join('')}</details></div>`
  );
}

function tableHtml(table: Table): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const rows = table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  // Narrow screens scroll the table, not the page.
  return `<div class="table"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function renderHtml(doc: ReportDocument): string {
  const body = [`<h1>${escapeHtml(doc.title)}</h1>`, `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>`];
  if (doc.verdict) body.push(`<p class="verdict ${doc.verdict.tone}">${escapeHtml(doc.verdict.text)}</p>`);
  for (const section of doc.sections) {
    body.push(`<h2>${escapeHtml(section.heading)}</h2>`);
    body.push(...(section.findings ?? []).map(findingHtml));
    if (section.table && section.table.rows.length > 0) body.push(tableHtml(section.table));
    body.push(...(section.charts ?? []).map(renderChart));
    if (section.note) body.push(`<p>${escapeHtml(section.note)}</p>`);
  }
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body></html>\n`;
}
