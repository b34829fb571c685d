import { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/** Dashboard variables holding the datasources, so one JSON works in any Grafana whatever the datasource uids. */
export const VAR_PROMETHEUS = 'datasource';
export const VAR_INFLUXDB = 'influxdb';

export const PROMETHEUS_TYPE = 'prometheus';
export const INFLUXDB_TYPE = 'influxdb';

export const PROMETHEUS: DataSourceRef = { type: PROMETHEUS_TYPE, uid: `\${${VAR_PROMETHEUS}}` };
export const INFLUXDB: DataSourceRef = { type: INFLUXDB_TYPE, uid: `\${${VAR_INFLUXDB}}` };

/** Names of the provisioned datasources (deploy/grafana/provisioning/datasources) and of `grafana push`. */
export const PROMETHEUS_DATASOURCE_NAME = 'perf-otel Prometheus';
export const INFLUXDB_DATASOURCE_NAME = 'perf-otel InfluxDB';
/** The InfluxDB database and retention policies of the long-term data (deploy/influxdb). */
export const INFLUXDB_DATABASE = 'perf_otel';
export const INFLUXDB_RP_HOURLY = 'hourly';
export const INFLUXDB_RP_DAILY = 'daily';
