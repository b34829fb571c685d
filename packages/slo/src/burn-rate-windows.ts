/**
 * Multi-window, multi-burn-rate alerting (Google SRE workbook, ch. 5; as Sloth and Pyrra do): an
 * alert fires when both a long and a short window burn the error budget faster than `factor`. The
 * long window gives significance, the short one makes it resolve quickly once the burning stops.
 * The factors are the workbook's for a 30-day window: 14.4 spends 2 % of the budget in 1 hour,
 * 6 spends 5 % in 6 hours, 3 spends 10 % in 1 day, 1 spends 10 % in 3 days.
 */
export interface BurnRateWindow {
  short: string;
  long: string;
  factor: number;
}

export interface BurnRateAlert {
  alert: string;
  severity: 'critical' | 'warning';
  /** How long both windows must agree before the alert fires. */
  for: string;
  windows: BurnRateWindow[];
  kind: string;
}

export const BURN_RATE_ALERTS: BurnRateAlert[] = [
  {
    alert: 'PerfOtelSloErrorBudgetBurnFast',
    severity: 'critical',
    for: '2m',
    kind: 'fast',
    windows: [
      { short: '5m', long: '1h', factor: 14.4 },
      { short: '30m', long: '6h', factor: 6 },
    ],
  },
  {
    alert: 'PerfOtelSloErrorBudgetBurnSlow',
    severity: 'warning',
    for: '15m',
    kind: 'slow',
    windows: [
      { short: '2h', long: '1d', factor: 3 },
      { short: '6h', long: '3d', factor: 1 },
    ],
  },
];

/** Every window an SLI error ratio is recorded over. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
