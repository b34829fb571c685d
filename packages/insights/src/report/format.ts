import type { Unit } from '../findings';

/** A number as people read it in its unit: "412 ms", "3.2%", "1.5 MiB", "12.0/s". */
export function formatValue(value: number, unit: Unit | string): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0 && unit !== 'ratio') return '0';
  switch (unit) {
    case 'seconds':
      return Math.abs(value) < 1 ? `${(value * 1000).toFixed(Math.abs(value) < 0.01 ? 2 : 0)} ms` : `${value.toFixed(2)} s`;
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'bytes':
      return `${(value / 1048576).toFixed(1)} MiB`;
    case 'bytes-per-hour':
      return `${(value / 1048576).toFixed(2)} MiB/h`;
    case 'per-second':
      return `${value.toFixed(value < 10 ? 2 : 1)}/s`;
    case 'cores':
      return `${value.toFixed(2)} cores`;
    case 'count':
      return value.toFixed(0);
    default:
      return Math.abs(value) < 0.001 && value !== 0 ? value.toExponential(1) : value.toFixed(3);
  }
}

export const formatPercentChange = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%` : '–');

/** A change of a share in percentage points: 0 → 20 % is "+20.0 pts". */
export const formatPointsChange = (difference: number): string =>
  Number.isFinite(difference) ? `${difference >= 0 ? '+' : ''}${(difference * 100).toFixed(1)} pts` : '–';

/** "2026-11-20T10:00Z"; with seconds for short spans (a 10 s demo window would read 19:01Z – 19:01Z). */
export const formatTime = (unixSeconds: number, withSeconds = false): string =>
  new Date(unixSeconds * 1000).toISOString().replace(withSeconds ? /\.\d{3}Z$/ : /:\d\d\.\d{3}Z$/, 'Z');

export const formatPValue = (p: number): string => (p < 0.001 ? '<0.001' : p.toFixed(3));
