// The summaries as the CLI prints them (and the loadtest report can embed).
import { frameLocation } from './call-frame';
import type { CpuSummary } from './cpu-summary';
import type { FunctionRow } from './function-row';
import type { HeapComparison } from './heap-compare';
import type { HeapSummary } from './heap-summary';
import { formatBytes, formatMs, formatPercent, renderTable, type Column } from './text-table';

export interface FormatOptions {
  /** Files below this directory are shown relative to it. */
  cwd?: string;
}

const FUNCTION: Column[] = [
  { header: 'function', align: 'left' },
  { header: 'location', align: 'left' },
];
const CALL_PATHS = 3;
const CALLERS_SHOWN = 4;

export function formatCpuSummary(summary: CpuSummary, options: FormatOptions = {}): string {
  const where = (row: FunctionRow) => describe(row, options);
  const self = renderTable(
    [{ header: 'self ms', align: 'right' }, { header: 'self', align: 'right' }, { header: 'total', align: 'right' }, ...FUNCTION],
    summary.bySelf.map((r) => [formatMs(r.selfMs), formatPercent(r.selfPercent), formatPercent(r.totalPercent), ...where(r)]),
  );
  const total = renderTable(
    [{ header: 'total ms', align: 'right' }, { header: 'total', align: 'right' }, { header: 'self', align: 'right' }, ...FUNCTION],
    summary.byTotal.map((r) => [formatMs(r.totalMs), formatPercent(r.totalPercent), formatPercent(r.selfPercent), ...where(r)]),
  );
  const paths = summary.bySelf
    .filter((r) => r.file !== '')
    .slice(0, CALL_PATHS)
    .map((r, i) => callPath(i + 1, r, options));
  return [
    `CPU profile: ${(summary.durationMs / 1000).toFixed(1)} s, ${summary.samples} samples; ` +
      `idle ${formatPercent(summary.idle.percent)}; GC ${formatPercent(summary.gc.percent)} of sampled time ` +
      `(${formatPercent(summary.gc.percentOfBusy)} of busy time, ${formatMs(summary.gc.ms)} ms)`,
    '',
    `Top ${summary.bySelf.length} functions by self time (% of samples)`,
    self,
    '',
    `Top ${summary.byTotal.length} functions by total time (% of samples)`,
    total,
    ...(paths.length > 0 ? ['', 'Heaviest call paths of the top self-time functions', ...paths] : []),
    '',
  ].join('\n');
}

export function formatHeapSummary(summary: HeapSummary, options: FormatOptions = {}): string {
  const table = renderTable(
    [{ header: 'self', align: 'right' }, { header: 'share', align: 'right' }, ...FUNCTION],
    summary.sites.map((r) => [formatBytes(r.selfBytes), formatPercent(r.selfPercent), ...describe(r, options)]),
  );
  return [
    `Heap profile: ${formatBytes(summary.totalBytes)} in ${summary.samples} samples ` +
      '(allocated while profiling and still live at its end, after a full GC)',
    '',
    summary.sites.length > 0
      ? `Top ${summary.sites.length} allocation sites by self size\n${table}`
      : 'No sampled allocation was still live: nothing held on to memory while profiling.',
    '',
  ].join('\n');
}

export function formatHeapComparison(comparison: HeapComparison, options: FormatOptions = {}): string {
  const change = comparison.afterBytes - comparison.beforeBytes;
  const table = renderTable(
    [{ header: 'growth', align: 'right' }, { header: 'before', align: 'right' }, { header: 'after', align: 'right' }, ...FUNCTION],
    comparison.grown.map((r) => [formatBytes(r.growthBytes), formatBytes(r.beforeBytes), formatBytes(r.afterBytes), ...describe(r, options)]),
  );
  return [
    `Heap comparison: ${formatBytes(comparison.beforeBytes)} before, ${formatBytes(comparison.afterBytes)} after ` +
      `(${change >= 0 ? '+' : ''}${formatBytes(change)})`,
    '',
    comparison.grown.length > 0 ? `Allocation sites that grew most (leak suspects)\n${table}` : 'No allocation site grew.',
    '',
  ].join('\n');
}

/** Function name and `file:line`, with the natives whose cost it carries. */
function describe(row: FunctionRow, options: FormatOptions): [string, string] {
  const natives = row.natives.length > 0 ? `  (incl. ${row.natives.slice(0, 2).join(', ')})` : '';
  return [row.name, frameLocation(row.file, row.line, options.cwd) + natives];
}

function callPath(rank: number, row: FunctionRow, options: FormatOptions): string {
  const callers = row.calledFrom
    .slice(-CALLERS_SHOWN)
    .reverse()
    .map((c) => `${c.name} (${frameLocation(c.file, c.line, options.cwd)})`);
  const more = row.calledFrom.length > CALLERS_SHOWN ? ' < …' : '';
  return (
    `  ${rank}. ${row.name} (${frameLocation(row.file, row.line, options.cwd)})` +
    (callers.length > 0 ? `\n     called from ${callers.join(' < ')}${more}` : '')
  );
}
