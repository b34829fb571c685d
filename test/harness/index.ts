// The shared harness for tests against real backends: each piece starts or reaches a real server
// on loopback, polls for readiness and stops what it started by PID.
export { freePort, LOOPBACK } from './free-port';
export { pollUntil, portAnswers, waitForPort, waitForHttpOk } from './poll';
export { startPrometheus, PROMETHEUS_BIN } from './prometheus';
export type { PrometheusOptions, PromSample, PromRangeSeries, PrometheusTarget, RunningPrometheus } from './prometheus';
export { startInfluxDb, INFLUXD_BIN } from './influxdb';
export type { InfluxDbOptions, InfluxQueryResult, RunningInfluxDb } from './influxdb';
export { ensurePostgres, createTempDatabase, POSTGRES_PORT, POSTGRES_USER } from './postgres';
export type { PostgresServer, TempDatabase } from './postgres';
export { startChildApp } from './child-app';
export type { ChildApp, ChildAppOptions } from './child-app';
export { ManagedProcess, waitForOutput } from './managed-process';
export type { ExitResult } from './managed-process';
export { makeTempDir, removeTempDir } from './temp-dir';
export {
  startCollector,
  validateCollectorConfig,
  requireCollectorBinary,
  COLLECTOR_BIN,
  COLLECTOR_CONFIG,
  COLLECTOR_REMOTE_WRITE_OVERLAY,
  COLLECTOR_GATEWAY_OVERLAY,
  COLLECTOR_SECURE_INGEST_OVERLAY,
  COLLECTOR_AGENT_CONFIG,
} from './collector';
export type { CollectorOptions, RunningCollector } from './collector';
export { startMariaDb, MARIADBD_BIN, MARIADB_INSTALL_DB_BIN } from './mariadb';
export type { RunningMariaDb } from './mariadb';
export { startRedis, REDIS_SERVER_BIN } from './redis';
export type { RunningRedis } from './redis';
export { createCgroupSandbox } from './cgroup-sandbox';
export type { CgroupFlavour, CgroupLimits, CgroupSandbox, SandboxResult } from './cgroup-sandbox';
