// Charts drawn as inline SVG (no library, no CDN): the HTML report stays one self-contained file.
import { Chart } from '../report/document';
import { formatValue } from '../report/format';
import { escapeHtml } from './escape';

const WIDTH = 760;
const PALETTE = ['#2f6fde', '#e8590c', '#c92a2a', '#2b8a3e', '#862e9c', '#0b7285'];
const LEFT = 80;
const RIGHT = 20;
const TOP = 30;
const BOTTOM = 40;

/** Axis labels in UTC: seconds matter only on short spans (the demo's 20 s), the date only on long ones. */
function timeLabel(t: number, span: number): string {
  const iso = new Date(t * 1000).toISOString();
  if (span > 86400) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(11, span < 600 ? 19 : 16);
}
const svgOpen = (height: number, title: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(title)}">` +
  `<text x="${LEFT}" y="18" class="chart-title">${escapeHtml(title)}</text>`;

/** Tick spacing of 1, 2 or 5 × 10^n giving at most `maxTicks` intervals up to `max`: 100/200/300 ms, not 121/243/364. */
export function niceTicks(max: number, maxTicks = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const count = Math.ceil(max / step - 1e-9);
  // Multiplying (not adding) keeps 0.1 × 3 from drifting to 0.30000000000000004.
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/**
 * Splits a series where points are missing: a step with no data (no requests, a scrape gap) is a gap
 * in the line, not a line across it. The step is the series' smallest spacing.
 */
export function segments(points: Array<[number, number]>): Array<Array<[number, number]>> {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) step = Math.min(step, sorted[i][0] - sorted[i - 1][0]);
  const out: Array<Array<[number, number]>> = [];
  sorted.forEach((point, i) => {
    if (i === 0 || point[0] - sorted[i - 1][0] > 1.5 * step) out.push([]);
    out[out.length - 1].push(point);
  });
  return out;
}

function lineChart(chart: Extract<Chart, { kind: 'line' }>): string {
  const height = 280;
  const points = chart.series.flatMap((s) => s.points).filter(([, v]) => Number.isFinite(v));
  if (points.length === 0) return `${svgOpen(60, chart.title)}<text x="${LEFT}" y="45">no data</text></svg>`;
  const [t0, t1] = [Math.min(...points.map(([t]) => t)), Math.max(...points.map(([t]) => t))];
  const ticks = niceTicks(Math.max(...points.map(([, v]) => v)));
  const vMax = ticks[ticks.length - 1];
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = height - TOP - BOTTOM;
  const x = (t: number) => LEFT + (t1 === t0 ? plotW / 2 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => TOP + plotH - (v / vMax) * plotH;
  const parts = [svgOpen(height, chart.title)];
  for (const v of ticks) {
    parts.push(
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`,
      `<text x="${LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${escapeHtml(formatValue(v, chart.unit))}</text>`,
    );
  }
  // The first and last time labels are anchored inside the plot so neither is cut at the edges.
  const labels = t1 === t0 ? 1 : 5;
  for (let i = 0; i < labels; i++) {
    const t = labels === 1 ? t0 : t0 + ((t1 - t0) * i) / (labels - 1);
    const anchor = labels === 1 ? 'middle' : i === 0 ? 'start' : i === labels - 1 ? 'end' : 'middle';
    parts.push(`<text x="${x(t).toFixed(1)}" y="${height - BOTTOM + 16}" text-anchor="${anchor}" class="tick">${timeLabel(t, t1 - t0)}</text>`);
  }
  chart.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    for (const segment of segments(s.points.filter(([, v]) => Number.isFinite(v)))) {
      if (segment.length === 1) {
        parts.push(
          `<circle cx="${x(segment[0][0]).toFixed(1)}" cy="${y(segment[0][1]).toFixed(1)}" r="2" fill="${color}"><title>${escapeHtml(s.name)}</title></circle>`,
        );
        continue;
      }
      const path = segment.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${path}"><title>${escapeHtml(s.name)}</title></polyline>`);
    }
    parts.push(`<text x="${LEFT + 10 + i * 90}" y="${height - 8}" fill="${color}" class="legend">■ ${escapeHtml(s.name)}</text>`);
  });
  return `${parts.join('')}</svg>`;
}

const LABEL_WIDTH = 230;
const BAR_HEIGHT = 18;
/** What fits in LABEL_WIDTH at the 11 px tick font. */
const LABEL_CHARS = 36;

function barRow(label: string, y: number, bars: Array<{ value: number; max: number; color: string; unit: string }>): string {
  const plotW = WIDTH - LABEL_WIDTH - 110;
  // A long route would run off the left edge: shorten it, the full name stays as a tooltip.
  const shown = label.length > LABEL_CHARS ? `${escapeHtml(label.slice(0, LABEL_CHARS - 1))}…<title>${escapeHtml(label)}</title>` : escapeHtml(label);
  const parts = [`<text x="${LABEL_WIDTH - 8}" y="${y + (BAR_HEIGHT * bars.length) / 2 + 4}" text-anchor="end" class="tick">${shown}</text>`];
  bars.forEach((b, i) => {
    const w = b.max > 0 ? Math.max(1, (b.value / b.max) * plotW) : 1;
    const by = y + i * BAR_HEIGHT;
    parts.push(
      `<rect x="${LABEL_WIDTH}" y="${by}" width="${w.toFixed(1)}" height="${BAR_HEIGHT - 3}" fill="${b.color}"/>`,
      `<text x="${(LABEL_WIDTH + w + 6).toFixed(1)}" y="${by + BAR_HEIGHT - 6}" class="tick">${escapeHtml(formatValue(b.value, b.unit))}</text>`,
    );
  });
  return parts.join('');
}

function barChart(chart: Extract<Chart, { kind: 'bars' }>): string {
  const max = Math.max(0, ...chart.bars.map((b) => b.value));
  const height = TOP + chart.bars.length * (BAR_HEIGHT + 6) + 10;
  return (
    svgOpen(height, chart.title) +
    chart.bars.map((b, i) => barRow(b.label, TOP + i * (BAR_HEIGHT + 6), [{ value: b.value, max, color: PALETTE[0], unit: chart.unit }])).join('') +
    '</svg>'
  );
}

function pairedBarChart(chart: Extract<Chart, { kind: 'paired-bars' }>): string {
  const max = Math.max(0, ...chart.groups.flatMap((g) => [g.before, g.after]));
  const rowHeight = 2 * BAR_HEIGHT + 10;
  const height = TOP + chart.groups.length * rowHeight + 30;
  const rows = chart.groups.map((g, i) =>
    barRow(g.label, TOP + i * rowHeight, [
      { value: g.before, max, color: PALETTE[0], unit: chart.unit },
      { value: g.after, max, color: PALETTE[1], unit: chart.unit },
    ]),
  );
  const legend = chart.labels.map(
    (l, i) => `<text x="${LABEL_WIDTH + i * 120}" y="${height - 8}" fill="${PALETTE[i]}" class="legend">■ ${escapeHtml(l)}</text>`,
  );
  return svgOpen(height, chart.title) + rows.join('') + legend.join('') + '</svg>';
}

export function renderChart(chart: Chart): string {
  switch (chart.kind) {
    case 'line':
      return lineChart(chart);
    case 'bars':
      return barChart(chart);
    case 'paired-bars':
      return pairedBarChart(chart);
  }
}
