// Recorded series names, Sloth-style, so existing SLO dashboards and habits carry over.
export const sliErrorRatio = (window: string): string => `slo:sli_error:ratio_rate${window}`;
export const SLI_ERROR_RATIO_PERIOD = 'slo:sli_error:ratio_period';
export const OBJECTIVE_RATIO = 'slo:objective:ratio';
export const ERROR_BUDGET_RATIO = 'slo:error_budget:ratio';
export const ERROR_BUDGET_REMAINING = 'slo:period_error_budget_remaining:ratio';
export const BURN_RATE_1H = 'slo:burn_rate:ratio_rate1h';

export const LABEL_SLO = 'slo';
export const LABEL_SLO_PERIOD = 'slo_period';
