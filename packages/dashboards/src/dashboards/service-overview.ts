import { baseDashboard } from '../dashboard-base';
import { deployMarkers } from '../deploy-markers';
import { barsPanel, prom, promInstant, row, statPanel, timeSeriesPanel } from '../panels';
import * as M from '../prometheus-names';
import { routeVariable, SERVICE_FILTER, serviceVariables, VAR_ROUTE } from '../variables';

export const SERVICE_OVERVIEW_UID = 'perf-otel-service-overview';

const ROUTES = `${SERVICE_FILTER}, http_route=~"$${VAR_ROUTE}"`;
const anomaly = (name: string) => `anomaly_name="${name}", ${SERVICE_FILTER}`;

export function serviceOverview() {
  return baseDashboard(
    SERVICE_OVERVIEW_UID,
    'perf-otel / Service overview',
    'RED metrics, Apdex, SLOs and the heaviest endpoints of a service; anomaly bands and deploy markers for before/after reading.',
  )
    .variables([...serviceVariables(), routeVariable()])
    .annotation(deployMarkers())
    .withRow(row('Now'))
    .withPanel(statPanel('Request rate', [prom(`sum(${M.REC_JOB_RATE}{${SERVICE_FILTER}})`)], { unit: 'reqps' }))
    .withPanel(
      statPanel('Error ratio', [prom(`sum(${M.REC_JOB_ERRORS}{${SERVICE_FILTER}}) / sum(${M.REC_JOB_RATE}{${SERVICE_FILTER}})`)], {
        unit: 'percentunit',
        description: '5xx responses and requests with error.type set, over all requests (5m).',
      }),
    )
    .withPanel(statPanel('p95 latency', [prom(`max(${M.REC_JOB_QUANTILE}{quantile="0.95", ${SERVICE_FILTER}})`)], { unit: 's' }))
    .withPanel(
      statPanel('Apdex (T = 250ms)', [prom(`min(${M.REC_JOB_APDEX}{${SERVICE_FILTER}})`)], {
        unit: 'none',
        min: 0,
        max: 1,
        description: 'Satisfied ≤ 250ms, tolerating ≤ 1s, 5xx frustrated.',
      }),
    )
    .withPanel(statPanel('Active requests', [prom(`sum(${M.HTTP_SERVER_ACTIVE}{${SERVICE_FILTER}})`)]))
    .withPanel(statPanel('Instances', [prom(`count(${M.PROCESS_UPTIME}{${SERVICE_FILTER}})`)]))
    .withRow(row('Traffic, errors, latency (with anomaly bands)'))
    .withPanel(
      timeSeriesPanel(
        'Request rate',
        [
          prom(`${M.ANOMALY_INPUT}{${anomaly('http_request_rate')}}`, '{{job}}'),
          prom(`${M.ANOMALY_UPPER}{${anomaly('http_request_rate')}}`, '{{job}} upper band'),
          prom(`${M.ANOMALY_LOWER}{${anomaly('http_request_rate')}}`, '{{job}} lower band'),
        ],
        { unit: 'reqps', width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Error ratio',
        [
          prom(`${M.ANOMALY_INPUT}{${anomaly('http_error_ratio')}}`, '{{job}}'),
          prom(`${M.ANOMALY_UPPER}{${anomaly('http_error_ratio')}}`, '{{job}} upper band'),
        ],
        { unit: 'percentunit', width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Latency p50 / p95 / p99',
        [
          prom(`${M.REC_JOB_QUANTILE}{${SERVICE_FILTER}}`, '{{job}} p{{quantile}}'),
          prom(`${M.ANOMALY_UPPER}{${anomaly('http_latency_p95')}}`, '{{job}} p95 upper band'),
          prom(`${M.ANOMALY_LOWER}{${anomaly('http_latency_p95')}}`, '{{job}} p95 lower band'),
        ],
        { unit: 's', width: 8 },
      ),
    )
    .withRow(row('Endpoints'))
    .withPanel(
      barsPanel(
        'Top endpoints by impact (rate × mean latency)',
        [promInstant(`topk(10, sum by (http_route) (${M.REC_ROUTE_TIME_SPENT}{${ROUTES}}))`, '{{http_route}}')],
        { unit: 's', description: 'Server seconds spent per second on each route: where speeding up pays most.' },
      ),
    )
    .withPanel(timeSeriesPanel('Request rate by route', [prom(`sum by (http_route) (${M.REC_ROUTE_RATE}{${ROUTES}})`, '{{http_route}}')], { unit: 'reqps' }))
    .withPanel(
      timeSeriesPanel('Error ratio by route', [prom(`max by (http_route) (${M.REC_ROUTE_ERROR_RATIO}{${ROUTES}})`, '{{http_route}}')], { unit: 'percentunit' }),
    )
    .withPanel(
      timeSeriesPanel('Apdex by route', [prom(`min by (http_route) (${M.REC_ROUTE_APDEX}{${ROUTES}})`, '{{http_route}}')], { unit: 'none', min: 0, max: 1 }),
    )
    .withRow(row('SLOs (deploy/slo → perf-otel slo generate)'))
    .withPanel(
      statPanel('Error budget remaining', [prom(`${M.SLO_BUDGET_REMAINING}{${SERVICE_FILTER}}`, '{{job}} {{slo}}')], {
        unit: 'percentunit',
        width: 8,
        description: 'Share of the error budget of the SLO window still left; below 0 the objective is missed.',
      }),
    )
    .withPanel(
      statPanel('Burn rate (1h)', [prom(`${M.SLO_BURN_RATE_1H}{${SERVICE_FILTER}}`, '{{job}} {{slo}}')], {
        unit: 'x',
        width: 8,
        description: '1 = spending the budget exactly over the window; 14.4 over 1h pages.',
      }),
    )
    .withPanel(
      timeSeriesPanel(
        'SLI compliance (1h) vs objective',
        [prom(`1 - ${M.SLO_SLI_ERROR_1H}{${SERVICE_FILTER}}`, '{{job}} {{slo}}'), prom(`${M.SLO_OBJECTIVE}{${SERVICE_FILTER}}`, '{{job}} {{slo}} objective')],
        { unit: 'percentunit', width: 8 },
      ),
    );
}
