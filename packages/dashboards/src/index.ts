export { allDashboards, dashboardJson } from './all-dashboards';
export { writeDashboards } from './write-dashboards';
export { INFLUXDB_DATABASE, INFLUXDB_DATASOURCE_NAME, INFLUXDB_RP_DAILY, INFLUXDB_RP_HOURLY, PROMETHEUS_DATASOURCE_NAME } from './datasources';
export { DASHBOARD_TAG } from './dashboard-base';
export { pushToGrafana, perfOtelDatasources, DEFAULT_FOLDER, DEFAULT_INFLUXDB_URL, DEFAULT_PROMETHEUS_URL } from './grafana/push';
export type { PushOptions, PushStep } from './grafana/push';
export { GrafanaApi, GrafanaApiError } from './grafana/grafana-api';
