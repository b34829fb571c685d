// The database client instrumentations that are on (OTEL_NODE_ENABLED/DISABLED_INSTRUMENTATIONS),
// sharing one operation histogram, one pool registry and one slow-statement reporter.
import type { Meter } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { InstrumentationBase } from '@opentelemetry/instrumentation';
import type { InstrumentationName } from '../config/env-vars';
import type { EffectiveConfig } from '../config/resolve-config';
import { createLoggerProvider } from '../export/log-provider';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import { IoredisMetricsInstrumentation } from '../redis/ioredis-instrumentation';
import { NodeRedisMetricsInstrumentation } from '../redis/node-redis-instrumentation';
import { MYSQL, MYSQL2, MysqlMetricsInstrumentation } from '../mysql/mysql-instrumentation';
import { KnexPoolInstrumentation } from '../orm/knex-pool-metrics';
import { SequelizePoolInstrumentation } from '../orm/sequelize-pool-metrics';
import { PgMetricsInstrumentation } from '../pg/pg-instrumentation';
import { SlowQueryReporter } from '../pg/slow-queries';
import type { TenantContext } from '../tenant/tenant-context';
import { VERSION } from '../version';
import { ConnectionPools } from './connection-pools';
import { DbOperationMetrics } from './operation-metrics';
import type { RequestScope } from './request-scope';

const DATABASE_INSTRUMENTATIONS: readonly InstrumentationName[] = ['pg', 'mysql2', 'mysql', 'ioredis', 'redis', 'sequelize', 'knex'];

export interface DatabaseContext {
  config: EffectiveConfig;
  producer: FastMetricProducer;
  meter: Meter;
  tenant: TenantContext | undefined;
  resource: Resource;
  /** The HTTP request in progress, when the HTTP server instrumentation is on. */
  requests: RequestScope | undefined;
}

export function hasDatabaseInstrumentation(config: EffectiveConfig): boolean {
  return DATABASE_INSTRUMENTATIONS.some((name) => config.instrumentations.has(name));
}

/** Enables the database instrumentations; pushes their stops; returns the logger provider of slow-statement records, if any. */
export function installDatabaseInstrumentations(
  { config, producer, meter, tenant, resource, requests }: DatabaseContext,
  stops: Array<() => void>,
): LoggerProvider | undefined {
  const on = config.instrumentations;
  if (!hasDatabaseInstrumentation(config)) return undefined;
  const sql = on.has('pg') || on.has('mysql2') || on.has('mysql');
  const operations = new DbOperationMetrics(producer, tenant, requests);
  const pools = new ConnectionPools(producer, meter);
  let loggerProvider: LoggerProvider | undefined;
  let slow: SlowQueryReporter | undefined;
  if (sql && config.slowQueryMs > 0) {
    loggerProvider = createLoggerProvider(config, resource);
    slow = new SlowQueryReporter(config.slowQueryMs, producer, loggerProvider?.getLogger('@org/perf-otel', VERSION));
  }
  const enabled: InstrumentationBase[] = [];
  if (on.has('pg')) enabled.push(new PgMetricsInstrumentation(operations, pools, slow));
  if (on.has('mysql2')) enabled.push(new MysqlMetricsInstrumentation(MYSQL2, operations, pools, slow));
  if (on.has('mysql')) enabled.push(new MysqlMetricsInstrumentation(MYSQL, operations, pools, slow));
  if (on.has('sequelize')) enabled.push(new SequelizePoolInstrumentation(pools));
  if (on.has('knex')) enabled.push(new KnexPoolInstrumentation(pools));
  if (on.has('ioredis')) enabled.push(new IoredisMetricsInstrumentation(operations));
  if (on.has('redis')) enabled.push(new NodeRedisMetricsInstrumentation(operations));
  for (const instrumentation of enabled) {
    instrumentation.enable();
    stops.push(() => instrumentation.disable());
  }
  return loggerProvider;
}
