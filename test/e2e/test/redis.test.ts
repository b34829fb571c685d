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

describe('ioredis app against a real Redis', () => {
  let server: RunningRedis;
  let app: InstrumentedApp;
  let s: Sample[];
  let wire: Record<string, number>;
  let errors: Record<string, number>;
  let done: { wrongType: string };

  beforeAll(async () => {
    server = await startRedis();
    expect(await server.command('CONFIG RESETSTAT')).toBe('+OK\r\n');
    app = await runInstrumented('ioredis-app.js', { REDIS_URL: server.url, PORT: '0' });
    await app.waitForLine(/workload done \{.*\}/);
    done = JSON.parse(/workload done (\{.*\})/.exec(app.stdout())![1]);
    wire = await server.commandCounts();
    errors = await server.errorCounts();
    s = await scrape(app.metricsPort);
  });
  afterAll(async () => {
    await app?.stop();
    await server?.stop();
  });

  it('counts every command exactly, by name, as the server counted them (ready checks, pipeline and MULTI included)', () => {
    const base = { db_system_name: 'redis', server_address: '127.0.0.1', server_port: String(server.port), db_namespace: '0' };
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'SET' })).toBe(4);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'GET' })).toBe(6);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'INCR' })).toBe(3);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'MULTI' })).toBe(1);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'EXEC' })).toBe(1);
    expect(sumOf(s, OPS, { db_namespace: '2', db_operation_name: 'HSET' })).toBe(1);
    expect(sumOf(s, OPS, { db_namespace: '2', db_operation_name: 'SELECT' })).toBe(1);
    // The connection handshake too: HELLO and INFO.
    expectWireCounts(s, wire, ['set', 'get', 'incr', 'multi', 'exec', 'lpush', 'hset', 'select', 'info', 'hello']);
    // CLIENT SETINFO, which Redis 7.0 does not know: absent from commandstats, counted in errorstats.
    const client = sumOf(s, OPS, { db_operation_name: 'CLIENT' });
    expect(sumOf(s, OPS, { db_operation_name: 'CLIENT', error_type: 'ERR', db_response_status_code: 'ERR' })).toBe(client);
    expect(sumOf(s, OPS, { error_type: 'ERR' })).toBe(errors.ERR ?? 0);
    expect(sumOf(s, OPS, { error_type: 'WRONGTYPE' })).toBe(errors.WRONGTYPE);
    const { config: resetByTheTest = 0, ...app } = wire;
    expect(resetByTheTest).toBeLessThanOrEqual(1);
    expect(sumOf(s, OPS)).toBe(Object.values(app).reduce((a, b) => a + b, 0) + client);
  });

  it('labels an error reply with its prefix', () => {
    expect(done.wrongType).toBe('WRONGTYPE');
    expect(sumOf(s, OPS, { db_operation_name: 'LPUSH', error_type: 'WRONGTYPE', db_response_status_code: 'WRONGTYPE' })).toBe(1);
    expect(sumOf(s, OPS, { error_type: 'WRONGTYPE' })).toBe(1);
  });
});
