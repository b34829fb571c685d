import { BURN_RATE_ALERTS, BurnRateAlert, SLI_WINDOWS } from './burn-rate-windows';
import { formatSeconds } from './durations';
import { LABEL_ENVIRONMENT, LABEL_JOB } from './http-histogram';
import { AlertingRule, RecordingRule, RuleFile, RuleGroup } from './prometheus-rules';
import {
  BURN_RATE_1H,
  ERROR_BUDGET_RATIO,
  ERROR_BUDGET_REMAINING,
  LABEL_SLO,
  LABEL_SLO_PERIOD,
  OBJECTIVE_RATIO,
  SLI_ERROR_RATIO_PERIOD,
  sliErrorRatio,
} from './rule-names';
import { sliErrorRatioExpr } from './sli-queries';
import { SloObjective, SloSpec } from './spec';

/** Rounds away float noise (1 - 0.999 = 0.0010000000000000009) so rules read as written. */
const tidy = (value: number): number => Number(value.toPrecision(12));

function sloLabels(spec: SloSpec, objective: SloObjective): Record<string, string> {
  const labels: Record<string, string> = { [LABEL_JOB]: spec.service, [LABEL_SLO]: objective.name };
  if (spec.environment !== undefined) labels[LABEL_ENVIRONMENT] = spec.environment;
  return labels;
}

/** `{job="shop", slo="availability"}`: selects this objective's recorded series. */
function labelSelector(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(', ')}}`;
}

function describeObjective(spec: SloSpec, objective: SloObjective): string {
  const what =
    objective.type === 'availability'
      ? 'of requests answered without a 5xx'
      : `of requests answered within ${formatSeconds(objective.thresholdSeconds as number)}`;
  return `${objective.objective}% ${what} over ${spec.window}`;
}

function recordingRules(spec: SloSpec, objective: SloObjective, labels: Record<string, string>): RecordingRule[] {
  const budget = tidy(1 - objective.objective / 100);
  const own = labelSelector(labels);
  return [
    ...SLI_WINDOWS.map((window) => ({ record: sliErrorRatio(window), expr: sliErrorRatioExpr(spec, objective, window), labels })),
    // The whole compliance window from the 5m ratio (as Sloth does): cheap, and it needs no raw
    // data older than 5 minutes at evaluation time.
    {
      record: SLI_ERROR_RATIO_PERIOD,
      expr: `avg_over_time(${sliErrorRatio('5m')}${own}[${spec.window}])`,
      labels: { ...labels, [LABEL_SLO_PERIOD]: spec.window },
    },
    { record: OBJECTIVE_RATIO, expr: String(tidy(objective.objective / 100)), labels },
    { record: ERROR_BUDGET_RATIO, expr: String(budget), labels },
    { record: BURN_RATE_1H, expr: `${sliErrorRatio('1h')}${own} / ${budget}`, labels },
    {
      record: ERROR_BUDGET_REMAINING,
      expr: `1 - ${SLI_ERROR_RATIO_PERIOD}${labelSelector({ ...labels, [LABEL_SLO_PERIOD]: spec.window })} / ${budget}`,
      labels: { ...labels, [LABEL_SLO_PERIOD]: spec.window },
    },
  ];
}

function burnRateAlert(spec: SloSpec, objective: SloObjective, labels: Record<string, string>, alert: BurnRateAlert): AlertingRule {
  const budget = tidy(1 - objective.objective / 100);
  const own = labelSelector(labels);
  const conditions = alert.windows.map(
    ({ short, long, factor }) => `(\n  ${sliErrorRatio(short)}${own} / ${budget} > ${factor}\n  and\n  ${sliErrorRatio(long)}${own} / ${budget} > ${factor}\n)`,
  );
  const windows = alert.windows.map(({ short, long, factor }) => `${factor}x over ${short} and ${long}`).join(', or ');
  return {
    alert: alert.alert,
    expr: conditions.join('\nor\n'),
    for: alert.for,
    // The objective's labels are also static labels: promtool rejects same-named alerts whose
    // static labels are equal, and they make routing by slo possible.
    labels: { ...labels, severity: alert.severity, slo_burn: alert.kind },
    annotations: {
      summary: `{{ $labels.job }}: SLO {{ $labels.slo }} burns its error budget {{ $value | humanize }}x too fast`,
      description: `SLO ${objective.name} of ${spec.service} (${describeObjective(spec, objective)}) is burning its error budget {{ $value | humanize }} times faster than the objective allows (${windows}).`,
      actions:
        alert.severity === 'critical'
          ? 'Page: the budget runs out within days at this rate. Open the Service overview (SLO status, error budget, deploy markers); roll back a recent deploy or shed the failing traffic; then find the failing routes in the Endpoint drill-down.'
          : 'Ticket: the budget will not last the window at this rate. Find the routes and error types behind it in the Endpoint drill-down and plan a fix before the budget is gone.',
    },
  };
}

/** One rule group per objective: SLI ratios, budget bookkeeping, then the burn-rate alerts. */
export function generateRuleGroups(spec: SloSpec): RuleGroup[] {
  return spec.objectives.map((objective) => {
    const labels = sloLabels(spec, objective);
    return {
      name: `slo-${spec.service}-${objective.name}`,
      rules: [...recordingRules(spec, objective, labels), ...BURN_RATE_ALERTS.map((alert) => burnRateAlert(spec, objective, labels, alert))],
    };
  });
}

export function generateRuleFile(specs: SloSpec[]): RuleFile {
  return { groups: specs.flatMap(generateRuleGroups) };
}
