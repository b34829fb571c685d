import { DatasourceVariableBuilder, QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { INFLUXDB, INFLUXDB_TYPE, PROMETHEUS, PROMETHEUS_TYPE, VAR_INFLUXDB, VAR_PROMETHEUS } from './datasources';
import { CONTAINER_MEMORY_USAGE, HTTP_SERVER_DURATION, PROCESS_UPTIME } from './prometheus-names';

// Variable names. Every query filters with `label=~"$var"`; "All" is `.*`, which also matches
// series without the label (a service that sets no tenant still shows).
export const VAR_ENVIRONMENT = 'environment';
export const VAR_SERVICE = 'service';
export const VAR_INSTANCE = 'instance';
export const VAR_ROUTE = 'route';
export const VAR_TENANT_TEAM = 'tenant_team';
export const VAR_TENANT_PROJECT = 'tenant_project';
export const VAR_TENANT_USER = 'tenant_user';
export const VAR_POOL = 'pool';
export const VAR_OWNER_TEAM = 'owner_team';
export const VAR_OWNER_PROJECT = 'owner_project';

/** The standard filters, as a PromQL matcher list. */
export const SERVICE_FILTER = `job=~"$${VAR_SERVICE}", deployment_environment_name=~"$${VAR_ENVIRONMENT}"`;
export const INSTANCE_FILTER = `${SERVICE_FILTER}, instance=~"$${VAR_INSTANCE}"`;
export const ROUTE_FILTER = `${INSTANCE_FILTER}, http_route=~"$${VAR_ROUTE}"`;
/** Owners are resource attributes (owner.team, owner.project): one value per service instance. */
export const OWNER_FILTER = `${INSTANCE_FILTER}, owner_team=~"$${VAR_OWNER_TEAM}", owner_project=~"$${VAR_OWNER_PROJECT}"`;
export const TENANT_FILTER = `${ROUTE_FILTER}, tenant_team=~"$${VAR_TENANT_TEAM}", tenant_project=~"$${VAR_TENANT_PROJECT}", tenant_user=~"$${VAR_TENANT_USER}"`;

export const prometheusDatasource = () => new DatasourceVariableBuilder(VAR_PROMETHEUS).label('Prometheus').type(PROMETHEUS_TYPE);
export const influxDatasource = () => new DatasourceVariableBuilder(VAR_INFLUXDB).label('InfluxDB').type(INFLUXDB_TYPE);

/** A multi-value label variable fed by label_values over `series`, with All = `.*`. */
function labelVariable(name: string, label: string, series: string, title: string) {
  const query = `label_values(${series}, ${label})`;
  return new QueryVariableBuilder(name)
    .label(title)
    .datasource(PROMETHEUS)
    .query({ query, refId: 'PrometheusVariableQueryEditor-VariableQuery', qryType: 1 })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}

export const environmentVariable = () => labelVariable(VAR_ENVIRONMENT, 'deployment_environment_name', PROCESS_UPTIME, 'Environment');
export const serviceVariable = () => labelVariable(VAR_SERVICE, 'job', `${PROCESS_UPTIME}{deployment_environment_name=~"$${VAR_ENVIRONMENT}"}`, 'Service');
export const instanceVariable = () => labelVariable(VAR_INSTANCE, 'instance', `${PROCESS_UPTIME}{${SERVICE_FILTER}}`, 'Instance');
export const routeVariable = () => labelVariable(VAR_ROUTE, 'http_route', `${HTTP_SERVER_DURATION}_count{${INSTANCE_FILTER}}`, 'Route');
export const poolVariable = () => labelVariable(VAR_POOL, 'db_client_connection_pool_name', `db_client_connection_max{${INSTANCE_FILTER}}`, 'Pool');
export const tenantVariables = () => [
  labelVariable(VAR_TENANT_TEAM, 'tenant_team', `${HTTP_SERVER_DURATION}_count{${SERVICE_FILTER}}`, 'Team'),
  labelVariable(VAR_TENANT_PROJECT, 'tenant_project', `${HTTP_SERVER_DURATION}_count{${SERVICE_FILTER}}`, 'Project'),
  labelVariable(VAR_TENANT_USER, 'tenant_user', `${HTTP_SERVER_DURATION}_count{${SERVICE_FILTER}}`, 'User (hashed)'),
];

export const ownerVariables = () => [
  labelVariable(VAR_OWNER_TEAM, 'owner_team', `${CONTAINER_MEMORY_USAGE}{${SERVICE_FILTER}}`, 'Owner team'),
  labelVariable(VAR_OWNER_PROJECT, 'owner_project', `${CONTAINER_MEMORY_USAGE}{${SERVICE_FILTER}}`, 'Owner project'),
];

/** The Prometheus variables every service dashboard starts with. */
export const serviceVariables = () => [prometheusDatasource(), environmentVariable(), serviceVariable(), instanceVariable()];

/** InfluxDB service variable for the trends dashboard: tag values of `service.name`. */
export const influxServiceVariable = () => {
  const query = 'SHOW TAG VALUES FROM "http.server.request.duration" WITH KEY = "service.name"';
  return new QueryVariableBuilder(VAR_SERVICE)
    .label('Service')
    .datasource(INFLUXDB)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnDashboardLoad)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
};
