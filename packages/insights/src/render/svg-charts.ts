// Charts drawn as inline SVG (no library, no CDN): the HTML report stays one self-contained file.
import { Chart } from '../report/document';
import { formatValue } from '../report/format';
import { escapeHtml } from './escape';

const WIDTH = 760;
const PALETTE = ['#2f6fde', '#e8590c', '#c92a2a', '#2b8a3e', '#862e9c', '#0b7285'];
const LEFT = 80; const RIGHT = 20; const TOP = 30; const BOTTOM = 40;

/** Axis labels in UTC: seconds matter only on short spans (the demo's 20 s). */
const timeLabel = (t: number, span: number) => new Date(t * 1000).toISOString().slice(11, span < 600 ? 19 : 16);
const svgOpen = (height: number, title: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(title)}">` +
  `<text x="${LEFT}" y="18" class="chart-title">${escapeHtml(title)}</text>`;

function lineChart(chart: Extract<Chart, { kind: 'line' }>): string {
  const height = 280;
  const points = chart.series.flatMap((s) => s.points);
  if (points.length === 0) return `${svgOpen(60, chart.title)}<text x="${LEFT}" y="45">no data</text></svg>`;
  const [t0, t1] = [Math.min(...points.map(([t]) => t)), Math.max(...points.map(([t]) => t))];
  const vMax = Math.max(...points.map(([, v]) => v)) || 1;
  const plotW = WIDTH - LEFT - RIGHT; const plotH = height - TOP - BOTTOM;
  const x = (t: number) => LEFT + (t1 === t0 ? plotW / 2 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => TOP + plotH - (v / vMax) * plotH;
  const parts = [svgOpen(height, chart.title)];
  for (let i = 0; i <= 4; i++) {
    const v = (vMax * i) / 4;
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`,
      `<text x="${LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${escapeHtml(formatValue(v, chart.unit))}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    parts.push(`<text x="${x(t).toFixed(1)}" y="${height - BOTTOM + 16}" text-anchor="middle" class="tick">${timeLabel(t, t1 - t0)}</text>`);
  }
  chart.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const path = s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${path}"><title>${escapeHtml(s.name)}</title></polyline>`,
      `<text x="${LEFT + 10 + i * 90}" y="${height - 8}" fill="${color}" class="legend">■ ${escapeHtml(s.name)}</text>`);
  });
  return `${parts.join('')}</svg>`;
}

const LABEL_WIDTH = 230;
const BAR_HEIGHT = 18;

function barRow(label: string, y: number, bars: Array<{ value: number; max: number; color: string; unit: string }>): string {
  const plotW = WIDTH - LABEL_WIDTH - 110;
  const parts = [`<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT * bars.length / 2 + 4}" text-anchor="end" class="tick">${escapeHtml(label)}</text>`];
  bars.forEach((b, i) => {
    const w = b.max > 0 ? Math.max(1, (b.value / b.max) * plotW) : 1;
    const by = y + i * BAR_HEIGHT;
    parts.push(`<rect x="${LABEL_WIDTH}" y="${by}" width="${w.toFixed(1)}" height="${BAR_HEIGHT - 3}" fill="${b.color}"/>`,
      `<text x="${(LABEL_WIDTH + w + 6).toFixed(1)}" y="${by + BAR_HEIGHT - 6}" class="tick">${escapeHtml(formatValue(b.value, b.unit))}</text>`);
  });
  return parts.join('');
}

function barChart(chart: Extract<Chart, { kind: 'bars' }>): string {
  const max = Math.max(0, ...chart.bars.map((b) => b.value));
  const height = TOP + chart.bars.length * (BAR_HEIGHT + 6) + 10;
  return svgOpen(height, chart.title) + chart.bars.map((b, i) =>
    barRow(b.label, TOP + i * (BAR_HEIGHT + 6), [{ value: b.value, max, color: PALETTE[0], unit: chart.unit }])).join('') + '</svg>';
}

function pairedBarChart(chart: Extract<Chart, { kind: 'paired-bars' }>): string {
  const max = Math.max(0, ...chart.groups.flatMap((g) => [g.before, g.after]));
  const rowHeight = 2 * BAR_HEIGHT + 10;
  const height = TOP + chart.groups.length * rowHeight + 30;
  const rows = chart.groups.map((g, i) => barRow(g.label, TOP + i * rowHeight, [
    { value: g.before, max, color: PALETTE[0], unit: chart.unit }, { value: g.after, max, color: PALETTE[1], unit: chart.unit },
  ]));
  const legend = chart.labels.map((l, i) => `<text x="${LABEL_WIDTH + i * 120}" y="${height - 8}" fill="${PALETTE[i]}" class="legend">■ ${escapeHtml(l)}</text>`);
  return svgOpen(height, chart.title) + rows.join('') + legend.join('') + '</svg>';
}

export function renderChart(chart: Chart): string {
  switch (chart.kind) {
    case 'line': return lineChart(chart);
    case 'bars': return barChart(chart);
    case 'paired-bars': return pairedBarChart(chart);
  }
}
