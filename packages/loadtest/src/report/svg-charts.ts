// Small inline SVG charts for the HTML report, drawn by hand so the file needs no script or CDN.

const WIDTH = 720;
const HEIGHT = 260;
const MARGIN = { left: 60, right: 20, top: 30, bottom: 50 };
const COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948'];

export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Series {
  name: string;
  values: number[];
}

/** A "nice" upper bound for an axis (1, 2 or 5 × a power of ten). */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

function frame(title: string, max: number, unit: string): string[] {
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const parts = [`<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`];
  // max is 1, 2 or 5 × 10^n: 5, 4 and 5 intervals keep every tick at 1, 2 or 5 × 10^m (not 1.25/2.5/3.75).
  const lead = Math.round(max / 10 ** Math.floor(Math.log10(max)));
  const intervals = lead === 2 ? 4 : 5;
  for (let tick = 0; tick <= intervals; tick++) {
    const y = MARGIN.top + plotHeight - (plotHeight * tick) / intervals;
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${Number(((max * tick) / intervals).toPrecision(3))}${tick === intervals ? ` ${escapeXml(unit)}` : ''}</text>`,
    );
  }
  return parts;
}

function legend(series: Series[]): string {
  return series
    .map((entry, index) => {
      const x = MARGIN.left + index * 110;
      const y = HEIGHT - 12;
      return `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${COLOURS[index % COLOURS.length]}"/><text x="${x + 14}" y="${y}" font-size="11">${escapeXml(entry.name)}</text>`;
    })
    .join('');
}

const svg = (title: string, parts: string[]) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" role="img" aria-label="${escapeXml(title)}">${parts.join('')}</svg>`;

/** Grouped bars: one group per label, one bar per series. */
export function barChart(title: string, labels: string[], series: Series[], unit: string): string {
  const max = niceMax(Math.max(0, ...series.flatMap((entry) => entry.values)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const groupWidth = plotWidth / Math.max(1, labels.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, series.length);
  const parts = frame(title, max, unit);
  labels.forEach((label, group) => {
    const x0 = MARGIN.left + group * groupWidth + groupWidth * 0.1;
    series.forEach((entry, index) => {
      const height = (plotHeight * (entry.values[group] ?? 0)) / max;
      parts.push(
        `<rect x="${(x0 + index * barWidth).toFixed(1)}" y="${(MARGIN.top + plotHeight - height).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${height.toFixed(1)}" fill="${COLOURS[index % COLOURS.length]}"><title>${escapeXml(`${label} ${entry.name}: ${entry.values[group]} ${unit}`)}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${(x0 + groupWidth * 0.4).toFixed(1)}" y="${MARGIN.top + plotHeight + 14}" text-anchor="middle" font-size="11">${escapeXml(label)}</text>`,
    );
  });
  parts.push(legend(series));
  return svg(title, parts);
}

/** Lines over a shared x axis of samples, with labelled vertical markers (stage starts). */
export function lineChart(title: string, series: Series[], markers: { at: number; label: string }[], unit: string): string {
  const count = Math.max(2, ...series.map((entry) => entry.values.length));
  const max = niceMax(Math.max(0, ...series.flatMap((entry) => entry.values.filter(Number.isFinite))));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (index: number) => MARGIN.left + (plotWidth * index) / (count - 1);
  const y = (value: number) => MARGIN.top + plotHeight - (plotHeight * value) / max;
  const parts = frame(title, max, unit);
  for (const marker of markers) {
    parts.push(
      `<line x1="${x(marker.at).toFixed(1)}" x2="${x(marker.at).toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#999" stroke-dasharray="4 3"/>`,
    );
    // A stage starting near the right edge gets its label to the left of its marker, not cut off.
    const nearEnd = x(marker.at) > WIDTH - MARGIN.right - 80;
    parts.push(
      `<text x="${(x(marker.at) + (nearEnd ? -3 : 3)).toFixed(1)}" y="${MARGIN.top + plotHeight + 14}"${nearEnd ? ' text-anchor="end"' : ''} font-size="11">${escapeXml(marker.label)}</text>`,
    );
  }
  series.forEach((entry, index) => {
    // Runs of seconds with a value; a second without one (NaN) breaks the line.
    const runs: string[][] = [[]];
    entry.values.forEach((value, at) => {
      if (Number.isFinite(value)) runs[runs.length - 1].push(`${x(at).toFixed(1)},${y(value).toFixed(1)}`);
      else if (runs[runs.length - 1].length > 0) runs.push([]);
    });
    for (const run of runs.filter((points) => points.length > 0)) {
      parts.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${COLOURS[index % COLOURS.length]}" stroke-width="2"/>`);
    }
  });
  parts.push(legend(series));
  return svg(title, parts);
}
