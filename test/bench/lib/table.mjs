// Markdown tables (readable in a terminal, pasteable into an issue) and number formats.

export function markdownTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export const fixed = (x, digits = 2) => (x === null || x === undefined ? '-' : x.toFixed(digits));

/** "0.93 (0.90–0.95)" */
export function ratioText(s, suffix = '') {
  return s ? `${fixed(s.median)}${suffix} (${fixed(s.min)}–${fixed(s.max)})` : '-';
}
