export { allDashboards, dashboardJson } from './all-dashboards';
export { writeDashboards } from './write-dashboards';
export {
  INFLUXDB_DATABASE, INFLUXDB_DATASOURCE_NAME, INFLUXDB_RP_DAILY, INFLUXDB_RP_HOURLY, PROMETHEUS_DATASOURCE_NAME,
} from './datasources';
export { DASHBOARD_TAG } from './dashboard-base';
