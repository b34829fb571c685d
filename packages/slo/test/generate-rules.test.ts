import { generateRuleGroups } from '../src/generate-rules';
import { AlertingRule, RecordingRule } from '../src/prometheus-rules';
import { parseSloSpec } from '../src/parse-spec';

const spec = parseSloSpec(
  [
    'service: api',
    'window: 28d',
    'objectives:',
    '  - { name: items-latency, type: latency, objective: 99.5, threshold: 1s, routes: ["/items/{id}", "/items"] }',
  ].join('\n'),
  'slo/api.yaml',
);
const [group] = generateRuleGroups(spec);
const records = group.rules.filter((rule): rule is RecordingRule => 'record' in rule);
const alerts = group.rules.filter((rule): rule is AlertingRule => 'alert' in rule);

describe('generateRuleGroups', () => {
  it('records the SLI error ratio over every burn-rate window, plus the period and budget series', () => {
    expect(records.map((rule) => rule.record)).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_period',
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:burn_rate:ratio_rate1h',
      'slo:period_error_budget_remaining:ratio',
    ]);
    expect(records.find((rule) => rule.record === 'slo:error_budget:ratio')?.expr).toBe('0.005');
    expect(records.find((rule) => rule.record === 'slo:sli_error:ratio_period')?.expr).toBe(
      'avg_over_time(slo:sli_error:ratio_rate5m{job="api", slo="items-latency"}[28d])',
    );
  });

  it('escapes route templates for the regex and matches both spellings of an integer le', () => {
    expect(records[0].expr).toBe(
      [
        '1 - (',
        '  sum(rate(http_server_request_duration_seconds_bucket{job="api", http_route=~"/items/\\\\{id\\\\}|/items", le=~"1|1\\\\.0"}[5m]))',
        '  /',
        '  (sum(rate(http_server_request_duration_seconds_count{job="api", http_route=~"/items/\\\\{id\\\\}|/items"}[5m])) > 0)',
        ')',
      ].join('\n'),
    );
  });

  it('pages on 14.4x (5m and 1h) or 6x (30m and 6h) and tickets on 3x (2h and 1d) or 1x (6h and 3d)', () => {
    expect(alerts.map((alert) => [alert.alert, alert.labels?.severity, alert.expr.match(/ratio_rate\w+|> [\d.]+/g)?.join(' ')])).toEqual([
      ['PerfOtelSloErrorBudgetBurnFast', 'critical', 'ratio_rate5m > 14.4 ratio_rate1h > 14.4 ratio_rate30m > 6 ratio_rate6h > 6'],
      ['PerfOtelSloErrorBudgetBurnSlow', 'warning', 'ratio_rate2h > 3 ratio_rate1d > 3 ratio_rate6h > 1 ratio_rate3d > 1'],
    ]);
  });
});
