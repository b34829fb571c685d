import { startMariaDb, startRedis } from '../../harness';
import { scrape, sumOf } from '../support/prom-text';
import { runInstrumented } from '../support/run-app';

const OPS = 'db_client_operation_duration_seconds_count';

test('ESM app under --import: mysql2, ioredis and node-redis imported with `import` are all measured', async () => {
  const mariadb = await startMariaDb();
  const redis = await startRedis();
  try {
    const database = await mariadb.createDatabase();
    const app = await runInstrumented('esm-databases.mjs', { DATABASE_URL: mariadb.url(database), REDIS_URL: redis.url, PORT: '0' }, 'import');
    try {
      await app.waitForLine('workload done');
      const s = await scrape(app.metricsPort);
      expect(
        sumOf(s, OPS, { db_system_name: 'mariadb', db_operation_name: 'SELECT', db_client_connection_pool_name: `127.0.0.1:${mariadb.port}/${database}` }),
      ).toBe(3);
      expect(sumOf(s, 'db_client_connection_max', { db_client_connection_pool_name: `127.0.0.1:${mariadb.port}/${database}` })).toBe(2);
      expect(sumOf(s, OPS, { db_system_name: 'redis', db_operation_name: 'SET' })).toBe(2);
      expect(sumOf(s, OPS, { db_system_name: 'redis', db_operation_name: 'GET' })).toBe(4);
    } finally {
      await app.stop();
    }
  } finally {
    await redis.stop();
    await mariadb.stop();
  }
});
