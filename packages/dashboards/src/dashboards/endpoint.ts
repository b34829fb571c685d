import { baseDashboard } from '../dashboard-base';
import { deployMarkers } from '../deploy-markers';
import { heatmapPanel, prom, row, timeSeriesPanel } from '../panels';
import * as M from '../prometheus-names';
import { INSTANCE_FILTER, ROUTE_FILTER, routeVariable, serviceVariables } from '../variables';

export const ENDPOINT_UID = 'perf-otel-endpoint';

const RATE = '$__rate_interval';
const quantiles = (metric: string, by: string, filter: string) =>
  [0.5, 0.95, 0.99].map((q) => prom(`histogram_quantile(${q}, sum by (${by}, le) (rate(${metric}_bucket{${filter}}[${RATE}])))`, `{{${by}}} p${q * 100}`));
const mean = (metric: string, by: string) =>
  prom(`sum by (${by}) (rate(${metric}_sum{${ROUTE_FILTER}}[${RATE}])) / sum by (${by}) (rate(${metric}_count{${ROUTE_FILTER}}[${RATE}]))`, `{{${by}}} mean`);

export function endpointDrillDown() {
  return baseDashboard(
    ENDPOINT_UID,
    'perf-otel / Endpoint drill-down',
    'One route in depth: latency percentiles and distribution, status codes and errors, body sizes, and the latency of what it calls.',
  )
    .variables([...serviceVariables(), routeVariable()])
    .annotation(deployMarkers())
    .withRow(row('Latency'))
    .withPanel(timeSeriesPanel('Latency percentiles by route', quantiles(M.HTTP_SERVER_DURATION, 'http_route', ROUTE_FILTER), { unit: 's' }))
    .withPanel(heatmapPanel('Latency distribution', prom(`sum by (le) (increase(${M.HTTP_SERVER_DURATION}_bucket{${ROUTE_FILTER}}[${RATE}]))`, '{{le}}')))
    .withRow(row('Traffic and errors'))
    .withPanel(
      timeSeriesPanel(
        'Requests by status code',
        [prom(`sum by (http_response_status_code) (rate(${M.HTTP_SERVER_DURATION}_count{${ROUTE_FILTER}}[${RATE}]))`, '{{http_response_status_code}}')],
        { unit: 'reqps', width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Requests by method',
        [prom(`sum by (http_request_method) (rate(${M.HTTP_SERVER_DURATION}_count{${ROUTE_FILTER}}[${RATE}]))`, '{{http_request_method}}')],
        { unit: 'reqps', width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Errors by error.type',
        [prom(`sum by (error_type) (rate(${M.HTTP_SERVER_DURATION}_count{${ROUTE_FILTER}, error_type!=""}[${RATE}]))`, '{{error_type}}')],
        { unit: 'reqps', width: 8 },
      ),
    )
    .withRow(row('Body sizes'))
    .withPanel(
      timeSeriesPanel(
        'Request body size',
        [mean(M.HTTP_SERVER_REQUEST_SIZE, 'http_route'), ...quantiles(M.HTTP_SERVER_REQUEST_SIZE, 'http_route', ROUTE_FILTER).slice(1, 2)],
        { unit: 'bytes' },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Response body size',
        [mean(M.HTTP_SERVER_RESPONSE_SIZE, 'http_route'), ...quantiles(M.HTTP_SERVER_RESPONSE_SIZE, 'http_route', ROUTE_FILTER).slice(1, 2)],
        { unit: 'bytes' },
      ),
    )
    .withRow(row('Dependencies (client side)'))
    .withPanel(
      timeSeriesPanel(
        'Outgoing HTTP p95 by server',
        [
          prom(
            `histogram_quantile(0.95, sum by (server_address, le) (rate(${M.HTTP_CLIENT_DURATION}_bucket{${INSTANCE_FILTER}}[${RATE}])))`,
            '{{server_address}}',
          ),
        ],
        { unit: 's', description: 'Latency of the HTTP calls this service makes (all routes: client metrics carry no route).' },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Database p95 by operation',
        [
          prom(
            `histogram_quantile(0.95, sum by (db_operation_name, le) (rate(${M.DB_OPERATION_DURATION}_bucket{${INSTANCE_FILTER}}[${RATE}])))`,
            '{{db_operation_name}}',
          ),
        ],
        { unit: 's' },
      ),
    );
}
