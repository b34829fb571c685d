// Plain aligned columns for a terminal: numbers right, names left.
export interface Column {
  header: string;
  align: 'left' | 'right';
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].map((text) => `  ${text}`).join('\n');
}

export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  for (const unit of ['B', 'KiB', 'MiB']) {
    if (value < 1024) return `${sign}${unit === 'B' ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
    value /= 1024;
  }
  return `${sign}${value.toFixed(1)} GiB`;
}

export const formatPercent = (percent: number): string => `${percent.toFixed(1)} %`;
export const formatMs = (ms: number): string => ms.toFixed(1);
