import { startRedis, type RunningRedis } from '../../harness';
import { scrape, sumOf, type Sample } from '../support/prom-text';
import { runInstrumented, type InstrumentedApp } from '../support/run-app';

const OPS = 'db_client_operation_duration_seconds_count';

/** Our count per command name equals what the server's INFO commandstats saw, command by command. */
function expectWireCounts(s: Sample[], wire: Record<string, number>, names: string[]): void {
  for (const name of names) {
    expect([name, sumOf(s, OPS, { db_system_name: 'redis', db_operation_name: name.toUpperCase() })]).toEqual([name, wire[name] ?? 0]);
  }
}

/** A fixture app run to its "workload done {…}" line against a fresh Redis, with what both sides counted. */
interface RedisRun<T> {
  server: RunningRedis;
  app: InstrumentedApp;
  /** The app's Prometheus samples. */
  s: Sample[];
  /** Commands the server received, by name (INFO commandstats). */
  wire: Record<string, number>;
  /** Error replies the server sent, by prefix (INFO errorstats). */
  errors: Record<string, number>;
  done: T;
}

/** Starts Redis and the fixture in beforeAll, stops both in afterAll; the run is filled in before the tests. */
function runAgainstRedis<T>(fixture: string, env: Record<string, string> = {}): RedisRun<T> {
  const run = {} as RedisRun<T>;
  beforeAll(async () => {
    run.server = await startRedis();
    expect(await run.server.command('CONFIG RESETSTAT')).toBe('+OK\r\n');
    run.app = await runInstrumented(fixture, { REDIS_URL: run.server.url, PORT: '0', ...env });
    await run.app.waitForLine(/workload done \{.*\}/);
    run.done = JSON.parse(/workload done (\{.*\})/.exec(run.app.stdout())![1]) as T;
    run.wire = await run.server.commandCounts();
    run.errors = await run.server.errorCounts();
    run.s = await scrape(run.app.metricsPort);
  });
  afterAll(async () => {
    await run.app?.stop();
    await run.server?.stop();
  });
  return run;
}

describe('ioredis app against a real Redis', () => {
  const run = runAgainstRedis<{ wrongType: string }>('ioredis-app.js');

  it('counts every command exactly, by name, as the server counted them (ready checks, pipeline and MULTI included)', () => {
    const base = { db_system_name: 'redis', server_address: '127.0.0.1', server_port: String(run.server.port), db_namespace: '0' };
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'SET' })).toBe(4);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'GET' })).toBe(6);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'INCR' })).toBe(3);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'MULTI' })).toBe(1);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'EXEC' })).toBe(1);
    expect(sumOf(run.s, OPS, { db_namespace: '2', db_operation_name: 'HSET' })).toBe(1);
    expect(sumOf(run.s, OPS, { db_namespace: '2', db_operation_name: 'SELECT' })).toBe(1);
    // The connection handshake too: HELLO and INFO.
    expectWireCounts(run.s, run.wire, ['set', 'get', 'incr', 'multi', 'exec', 'lpush', 'hset', 'select', 'info', 'hello']);
    // CLIENT SETINFO, which Redis 7.0 does not know: absent from commandstats, counted in errorstats.
    const client = sumOf(run.s, OPS, { db_operation_name: 'CLIENT' });
    expect(sumOf(run.s, OPS, { db_operation_name: 'CLIENT', error_type: 'ERR', db_response_status_code: 'ERR' })).toBe(client);
    expect(sumOf(run.s, OPS, { error_type: 'ERR' })).toBe(run.errors.ERR ?? 0);
    expect(sumOf(run.s, OPS, { error_type: 'WRONGTYPE' })).toBe(run.errors.WRONGTYPE);
    const { config: resetByTheTest = 0, ...app } = run.wire;
    expect(resetByTheTest).toBeLessThanOrEqual(1);
    expect(sumOf(run.s, OPS)).toBe(Object.values(app).reduce((a, b) => a + b, 0) + client);
  });

  it('labels an error reply with its prefix', () => {
    expect(run.done.wrongType).toBe('WRONGTYPE');
    expect(sumOf(run.s, OPS, { db_operation_name: 'LPUSH', error_type: 'WRONGTYPE', db_response_status_code: 'WRONGTYPE' })).toBe(1);
    expect(sumOf(run.s, OPS, { error_type: 'WRONGTYPE' })).toBe(1);
  });
});

describe('OTEL_NODE_DISABLED_INSTRUMENTATIONS=ioredis', () => {
  const run = runAgainstRedis<{ wrongType: string }>('ioredis-app.js', { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'ioredis' });

  it('leaves ioredis alone: the app runs the same, no Redis operation is recorded', () => {
    expect(run.done.wrongType).toBe('WRONGTYPE');
    expect(run.wire.set).toBe(4);
    expect(sumOf(run.s, OPS)).toBe(0);
    expect(run.app.stderr()).not.toMatch(/warn|error/i);
  });
});

describe.each([
  ['redis 6 (@redis/client 6)', 'redis'],
  ['redis 4 (@redis/client 1)', 'redis4'],
])('node-redis app on %s against a real Redis', (_version, pkg) => {
  const run = runAgainstRedis<{ pipelineError: string; multiError: number[] }>('node-redis-app.js', { REDIS_PACKAGE: pkg });

  it("counts the app's commands exactly, by name, as the server counted them (pipeline and MULTI included)", () => {
    const base = { db_system_name: 'redis', server_address: '127.0.0.1', server_port: String(run.server.port), db_namespace: '0' };
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'SET', error_type: undefined })).toBe(4);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'GET' })).toBe(6);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'HSET' })).toBe(1);
    expect(sumOf(run.s, OPS, { db_namespace: '2', db_operation_name: 'SET' })).toBe(1);
    expectWireCounts(run.s, run.wire, ['set', 'get', 'incr', 'lpush', 'multi', 'exec', 'hset', 'select']);
    // The connection handshake (HELLO/CLIENT SETINFO…) bypasses the client's command path: not counted.
    // (CLIENT SETINFO is in commandstats only where Redis knows it, 7.2+.)
    const { config: resetByTheTest = 0, hello: _hello, client: _client, ...app } = run.wire;
    expect(resetByTheTest).toBeLessThanOrEqual(1);
    expect(sumOf(run.s, OPS, { db_operation_name: 'HELLO' }) + sumOf(run.s, OPS, { db_operation_name: 'CLIENT' })).toBe(0);
    expect(sumOf(run.s, OPS)).toBe(Object.values(app).reduce((a, b) => a + b, 0));
  });

  it('gives each failed command in a pipeline or a transaction its own error, and the others none', () => {
    expect(run.done.pipelineError).toBe('WRONGTYPE');
    expect(run.done.multiError).toEqual([1]);
    expect(sumOf(run.s, OPS, { db_operation_name: 'LPUSH', error_type: 'WRONGTYPE', db_response_status_code: 'WRONGTYPE' })).toBe(1);
    // INCR on a string value: inside MULTI, failed at EXEC.
    expect(sumOf(run.s, OPS, { db_operation_name: 'INCR', error_type: 'ERR', db_response_status_code: 'ERR' })).toBe(1);
    expect(sumOf(run.s, OPS, { db_operation_name: 'INCR', error_type: undefined })).toBe(1);
    expect(sumOf(run.s, OPS, { error_type: 'WRONGTYPE' })).toBe(run.errors.WRONGTYPE);
    expect(sumOf(run.s, OPS, { error_type: 'ERR' })).toBe(1);
  });
});
