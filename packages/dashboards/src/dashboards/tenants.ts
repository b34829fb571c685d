import { baseDashboard } from '../dashboard-base';
import { prom, row, timeSeriesPanel } from '../panels';
import * as M from '../prometheus-names';
import { routeVariable, serviceVariables, TENANT_FILTER, tenantVariables } from '../variables';

export const TENANTS_UID = 'perf-otel-tenants';

const RATE = '$__rate_interval';
const COUNT = M.HTTP_SERVER_DURATION + '_count';

/** Rate, error ratio and p95 split by one tenant label (only series that carry it). */
function redBy(label: string, title: string) {
  const filter = `${TENANT_FILTER}, ${label}!=""`;
  return [
    row(`By ${title}`),
    timeSeriesPanel(`Request rate by ${title}`, [prom(`sum by (${label}) (rate(${COUNT}{${filter}}[${RATE}]))`, `{{${label}}}`)], { unit: 'reqps', width: 8 }),
    timeSeriesPanel(
      `Error ratio by ${title}`,
      [
        // `or … * 0`: a tenant without errors reads 0, not "no data".
        prom(
          `(sum by (${label}) (rate(${COUNT}{${filter}, http_response_status_code=~"5.."}[${RATE}]))
  or sum by (${label}) (rate(${COUNT}{${filter}}[${RATE}])) * 0)
/
sum by (${label}) (rate(${COUNT}{${filter}}[${RATE}]))`,
          `{{${label}}}`,
        ),
      ],
      { unit: 'percentunit', width: 8 },
    ),
    timeSeriesPanel(
      `p95 latency by ${title}`,
      [prom(`histogram_quantile(0.95, sum by (${label}, le) (rate(${M.HTTP_SERVER_DURATION}_bucket{${filter}}[${RATE}])))`, `{{${label}}}`)],
      { unit: 's', width: 8 },
    ),
  ] as const;
}

export function tenants() {
  const dashboard = baseDashboard(
    TENANTS_UID,
    'perf-otel / Tenants',
    'RED metrics split by tenant team, project and user. Tenant attributes come from PERF_OTEL_TENANT_*; ' +
      'tenant.user is hashed and off by default, so its row stays empty unless enabled.',
  ).variables([...serviceVariables(), routeVariable(), ...tenantVariables()]);
  for (const [label, title] of [
    ['tenant_team', 'team'],
    ['tenant_project', 'project'],
    ['tenant_user', 'user (hashed)'],
  ]) {
    const [heading, ...panels] = redBy(label, title);
    dashboard.withRow(heading);
    for (const panel of panels) dashboard.withPanel(panel);
  }
  return dashboard;
}
