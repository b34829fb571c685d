// A self-contained HTML report: the same tables as the terminal, plus inline SVG charts.
import type { RunResult } from '../results/run-result';
import { reportSections, reportTitle, verdictLine, type Section } from './sections';
import { barChart, escapeXml, lineChart } from './svg-charts';

const STYLE = `body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:0 0 2em}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left;white-space:pre}
tr.failed td{background:#fde2e2}.verdict{font-size:1.2em;font-weight:bold}.pass{color:#1a7f37}.fail{color:#c62828}
.table{overflow-x:auto;max-width:100%}figure{margin:1em 0}figure svg{max-width:100%;height:auto}`;

function table(section: Section): string {
  const failed = new Set(section.failed ?? []);
  const head = `<tr>${section.header.map((cell) => `<th>${escapeXml(cell)}</th>`).join('')}</tr>`;
  const body = section.rows
    .map((row, index) => `<tr${failed.has(index) ? ' class="failed"' : ''}>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  // Wide tables scroll inside their box on a narrow screen; the page itself never scrolls sideways.
  return `<h2>${escapeXml(section.title)}</h2>\n<div class="table"><table>\n${head}\n${body}\n</table></div>`;
}

function charts(result: RunResult): string[] {
  const names = result.stages.map((stage) => stage.name);
  const percentiles = (['p50', 'p90', 'p95', 'p99'] as const).map((key) => ({ name: key, values: result.stages.map((stage) => stage.total.latencyMs[key]) }));
  const markers: { at: number; label: string }[] = [];
  const p95: number[] = [];
  const throughput: number[] = [];
  for (const stage of result.stages) {
    markers.push({ at: p95.length, label: stage.name });
    // Pad the shorter list so both lines stay aligned on the same seconds.
    const length = Math.max(stage.samples.p95Ms.length, stage.samples.throughput.length);
    for (let index = 0; index < length; index++) {
      // A second without an answer has no p95: NaN is drawn as a gap, not as a fall to 0 ms.
      p95.push(stage.samples.p95Ms[index] ?? NaN);
      throughput.push(stage.samples.throughput[index] ?? NaN);
    }
  }
  return [
    barChart('Latency percentiles per stage', names, percentiles, 'ms'),
    lineChart('p95 latency per second', [{ name: 'p95', values: p95 }], markers, 'ms'),
    lineChart('Throughput per second', [{ name: 'answered', values: throughput }], markers, 'req/s'),
  ];
}

export function renderHtmlReport(result: RunResult): string {
  const verdict = verdictLine(result);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(reportTitle(result))}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeXml(reportTitle(result))}</h1>
<p class="verdict ${verdict.startsWith('PASS') ? 'pass' : 'fail'}">${escapeXml(verdict)}</p>
${charts(result)
  .map((chart) => `<figure>${chart}</figure>`)
  .join('\n')}
${reportSections(result).map(table).join('\n')}
</body></html>
`;
}
