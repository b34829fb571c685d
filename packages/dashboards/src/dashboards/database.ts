import { baseDashboard } from '../dashboard-base';
import { prom, row, statPanel, timeSeriesPanel } from '../panels';
import * as M from '../prometheus-names';
import { INSTANCE_FILTER, poolVariable, serviceVariables, VAR_POOL } from '../variables';

export const DATABASE_UID = 'perf-otel-database';

const RATE = '$__rate_interval';
const POOL = `${INSTANCE_FILTER}, db_client_connection_pool_name=~"$${VAR_POOL}"`;
const OPS = `${M.DB_OPERATION_DURATION}_count{${POOL}}`;

export function database() {
  return baseDashboard(
    DATABASE_UID,
    'perf-otel / Database',
    'Query latency by operation and table, connection pools, errors by SQLSTATE (deadlocks) and slow queries.',
  )
    .variables([...serviceVariables(), poolVariable()])
    .withRow(row('Operations'))
    .withPanel(
      timeSeriesPanel(
        'p95 duration by operation and table',
        [
          prom(
            `histogram_quantile(0.95, sum by (db_operation_name, db_collection_name, le) (rate(${M.DB_OPERATION_DURATION}_bucket{${POOL}}[${RATE}])))`,
            '{{db_operation_name}} {{db_collection_name}}',
          ),
        ],
        { unit: 's' },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Operations by operation and table',
        [prom(`sum by (db_operation_name, db_collection_name) (rate(${OPS}[${RATE}]))`, '{{db_operation_name}} {{db_collection_name}}')],
        { unit: 'ops' },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'p95 duration by statement',
        [
          prom(
            `histogram_quantile(0.95, sum by (db_system_name, db_query_summary, le) (rate(${M.DB_OPERATION_DURATION}_bucket{${POOL}, db_query_summary!=""}[${RATE}])))`,
            '{{db_query_summary}}',
          ),
        ],
        {
          unit: 's',
          description:
            'By db.query.summary: every operation and table of the statement ("SELECT orders customers"), so different statements are not merged; a statement without a table reads just its operation.',
        },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Database operations per request by route',
        [
          prom(
            `sum by (http_route) (rate(${M.HTTP_SERVER_DB_OPERATIONS}_sum{${INSTANCE_FILTER}}[${RATE}])) / (sum by (http_route) (rate(${M.HTTP_SERVER_DB_OPERATIONS}_count{${INSTANCE_FILTER}}[${RATE}])) > 0)`,
            'mean {{http_route}}',
          ),
        ],
        {
          unit: 'short',
          description:
            'Mean database operations (pg, MySQL, Redis) per HTTP request of each route, counted per request: a route that queries once per item of a list (N+1) reads tens or hundreds.',
        },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Errors by SQLSTATE',
        [
          prom(
            `sum by (db_response_status_code) (rate(${M.DB_OPERATION_DURATION}_count{${POOL}, db_response_status_code!=""}[${RATE}]))`,
            '{{db_response_status_code}}',
          ),
        ],
        { unit: 'ops', width: 8 },
      ),
    )
    .withPanel(
      statPanel(
        `Deadlocks (SQLSTATE ${M.SQLSTATE_DEADLOCK}) in range`,
        [prom(`sum(increase(${M.DB_OPERATION_DURATION}_count{${POOL}, db_response_status_code="${M.SQLSTATE_DEADLOCK}"}[$__range]))`)],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel('Slow queries', [prom(`sum by (db_query_summary) (rate(${M.DB_SLOW_QUERIES}{${POOL}}[${RATE}]))`, '{{db_query_summary}}')], {
        unit: 'ops',
        width: 8,
        description:
          'Statements slower than PERF_OTEL_DB_SLOW_QUERY_MS (off by default), by statement shape; each one also goes out as an OpenTelemetry log record with its literals replaced.',
      }),
    )
    .withRow(row('Connection pools'))
    .withPanel(
      timeSeriesPanel(
        'Connections: used / idle / max',
        [
          prom(
            `sum by (db_client_connection_pool_name, db_client_connection_state) (${M.DB_CONNECTION_COUNT}{${POOL}})`,
            '{{db_client_connection_pool_name}} {{db_client_connection_state}}',
          ),
          prom(`sum by (db_client_connection_pool_name) (${M.DB_CONNECTION_MAX}{${POOL}})`, '{{db_client_connection_pool_name}} max'),
        ],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Pending requests',
        [prom(`sum by (db_client_connection_pool_name) (${M.DB_CONNECTION_PENDING}{${POOL}})`, '{{db_client_connection_pool_name}}')],
        { width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Wait time for a connection (p95)',
        [
          prom(
            `histogram_quantile(0.95, sum by (db_client_connection_pool_name, le) (rate(${M.DB_CONNECTION_WAIT}_bucket{${POOL}}[${RATE}])))`,
            '{{db_client_connection_pool_name}}',
          ),
        ],
        { unit: 's', width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Connection timeouts',
        [prom(`sum by (db_client_connection_pool_name) (rate(${M.DB_CONNECTION_TIMEOUTS}{${POOL}}[${RATE}]))`, '{{db_client_connection_pool_name}}')],
        { unit: 'ops' },
      ),
    );
}
