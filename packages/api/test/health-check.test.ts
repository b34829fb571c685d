import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ATTR_APP_HEALTH_CHECK_CRITICAL,
  ATTR_APP_HEALTH_CHECK_NAME,
  ATTR_ERROR_TYPE,
  METRIC_APP_HEALTH_CHECK_DURATION,
  METRIC_APP_HEALTH_CHECK_STATUS,
  healthReport,
  registerHealthCheck,
} from '../src/index';
import { buildPackage } from './support/compile-fixture';
import { pointWith, useInMemorySdk } from './support/in-memory-sdk';

/** A check with no timer: runs at registration and on runNow() only, so counts are exact. */
const ON_DEMAND = { intervalMs: 0 };

function attributesOf(name: string, critical = true) {
  return { [ATTR_APP_HEALTH_CHECK_NAME]: name, [ATTR_APP_HEALTH_CHECK_CRITICAL]: critical };
}

describe('registerHealthCheck', () => {
  const sdk = useInMemorySdk();
  const handles: { stop(): void }[] = [];
  afterEach(() => handles.splice(0).forEach((h) => h.stop()));

  it('a passing check reports status 1 and one duration per run', async () => {
    const db = registerHealthCheck('postgres', async () => true, ON_DEMAND);
    handles.push(db);
    await expect(db.runNow()).resolves.toMatchObject({ healthy: true }); // joins the run started at registration
    await db.runNow();
    expect(pointWith(await sdk().points(METRIC_APP_HEALTH_CHECK_STATUS), attributesOf('postgres'))!.value).toBe(1);
    expect(pointWith(await sdk().points(METRIC_APP_HEALTH_CHECK_DURATION), attributesOf('postgres'))!.count).toBe(2);
  });

  it('a throwing, rejecting or false-returning check is unhealthy with its reason', async () => {
    const sync = registerHealthCheck(
      'config',
      () => {
        throw new RangeError('bad config');
      },
      { ...ON_DEMAND, critical: false },
    );
    const rejecting = registerHealthCheck(
      'cache',
      async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
      },
      ON_DEMAND,
    );
    const falsy = registerHealthCheck('disk', () => false, ON_DEMAND);
    handles.push(sync, rejecting, falsy);

    // Joined before any await: these are the runs started at registration, one each.
    const results = await Promise.all([sync.runNow(), rejecting.runNow(), falsy.runNow()]);
    expect(results).toMatchObject([
      { healthy: false, error: 'bad config' },
      { healthy: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' },
      { healthy: false, error: 'returned false' },
    ]);

    const statuses = await sdk().points(METRIC_APP_HEALTH_CHECK_STATUS);
    expect(pointWith(statuses, attributesOf('config', false))!.value).toBe(0);
    expect(pointWith(statuses, attributesOf('cache'))!.value).toBe(0);
    const durations = await sdk().points(METRIC_APP_HEALTH_CHECK_DURATION);
    expect(pointWith(durations, { ...attributesOf('cache'), [ATTR_ERROR_TYPE]: 'ECONNREFUSED' })!.count).toBe(1);
    expect(pointWith(durations, { ...attributesOf('config', false), [ATTR_ERROR_TYPE]: 'RangeError' })!.count).toBe(1);
  });

  it('a hung check fails at its timeout and is not called again while it hangs', async () => {
    let release: () => void = () => undefined;
    const hang = jest.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const broker = registerHealthCheck('broker', hang, { ...ON_DEMAND, timeoutMs: 50 });
    handles.push(broker);

    await expect(broker.runNow()).resolves.toMatchObject({ healthy: false, error: 'health check "broker" timed out after 50 ms' });
    expect(pointWith(await sdk().points(METRIC_APP_HEALTH_CHECK_STATUS), attributesOf('broker'))!.value).toBe(0);
    expect(pointWith(await sdk().points(METRIC_APP_HEALTH_CHECK_DURATION), { ...attributesOf('broker'), [ATTR_ERROR_TYPE]: 'timeout' })!.count).toBe(1);

    const again = await broker.runNow();
    expect(again.healthy).toBe(false);
    expect(again.error).toMatch(/^health check "broker" is still running after \d+ ms \(hung\): not called again until it settles$/);
    expect(hang).toHaveBeenCalledTimes(1);

    release();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(broker.runNow()).resolves.toMatchObject({ healthy: false }); // called again: it hangs again
    expect(hang).toHaveBeenCalledTimes(2);
    release();
  });

  it('healthReport() gives every check; unhealthy only when a critical check fails; stop() removes it', async () => {
    const api = registerHealthCheck('search-api', () => true, ON_DEMAND);
    const optional = registerHealthCheck('recommendations', () => false, { ...ON_DEMAND, critical: false });
    handles.push(api, optional);
    await Promise.all([api.runNow(), optional.runNow()]);

    const report = healthReport();
    expect(report.healthy).toBe(true);
    expect(report.checks).toEqual([
      { name: 'search-api', critical: true, healthy: true, durationMs: expect.any(Number), checkedAt: expect.any(String) },
      { name: 'recommendations', critical: false, healthy: false, durationMs: expect.any(Number), error: 'returned false', checkedAt: expect.any(String) },
    ]);

    const failing = registerHealthCheck('payments', () => false, ON_DEMAND);
    await failing.runNow();
    expect(healthReport().healthy).toBe(false);
    failing.stop();
    expect(healthReport().healthy).toBe(true);
    expect(healthReport().checks.map((c) => c.name)).toEqual(['search-api', 'recommendations']);
  });

  it('refuses a duplicate name and bad options, naming them', () => {
    handles.push(registerHealthCheck('dup', () => true, ON_DEMAND));
    expect(() => registerHealthCheck('dup', () => true)).toThrow(
      'perf-otel-api: health check "dup" is already registered: stop() the first one or use another name',
    );
    expect(() => registerHealthCheck('slow', () => true, { timeoutMs: -1 })).toThrow(
      'perf-otel-api: health check "slow" timeoutMs -1 is invalid: give a finite number ≥ 1',
    );
  });
});

describe('health check timers', () => {
  it('never keep the process alive (a real node process exits with a check registered)', () => {
    buildPackage();
    const dist = join(__dirname, '..', 'dist', 'index.js');
    const script =
      `const { registerHealthCheck } = require(${JSON.stringify(dist)});` +
      `registerHealthCheck('hangs', () => new Promise(() => {}), { intervalMs: 1000, timeoutMs: 60000 });` +
      `process.on('exit', () => console.log('exited'));`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(out.trim()).toBe('exited');
  });
});
