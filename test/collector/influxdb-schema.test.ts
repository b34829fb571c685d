// One InfluxDB schema, compared from InfluxDB itself: the same app writes directly
// (OTEL_METRICS_EXPORTER=influxdb, database "direct") and through otelcol-perf-otel's influxdb
// exporter (database "collector"). Every measurement must have the same tag keys and the same field
// keys with the same types on both paths.
import { join } from 'node:path';
import {
  createTempDatabase,
  freePort,
  pollUntil,
  startChildApp,
  startCollector,
  startInfluxDb,
  type ChildApp,
  type RunningCollector,
  type RunningInfluxDb,
  type TempDatabase,
} from '../harness';

const REPO_ROOT = join(__dirname, '../..');
const SHOP = join(REPO_ROOT, 'test/dashboards/fixtures/shop-app.js');
const CLASH = join(__dirname, 'fixtures/attribute-clash.js');
const SERVICE = 'shop-influx-schema';

type Schema = Map<string, string[]>;

/** measurement → sorted "tag:<key>" and "field:<key>:<type>" entries. */
async function schema(influx: RunningInfluxDb, db: string): Promise<Schema> {
  const out: Schema = new Map();
  const add = (m: string, entry: string) => out.set(m, [...(out.get(m) ?? []), entry]);
  for (const s of (await influx.query('SHOW TAG KEYS', db)).results[0].series ?? []) for (const [k] of s.values) add(s.name, `tag:${String(k)}`);
  for (const s of (await influx.query('SHOW FIELD KEYS', db)).results[0].series ?? [])
    for (const [k, t] of s.values) add(s.name, `field:${String(k)}:${String(t)}`);
  for (const [m, entries] of out) out.set(m, entries.sort());
  return out;
}

function differences(collector: Schema, direct: Schema): string[] {
  const out: string[] = [];
  for (const m of new Set([...collector.keys(), ...direct.keys()])) {
    const [c, d] = [collector.get(m), direct.get(m)];
    if (c === undefined) out.push(`${m}: only written directly`);
    else if (d === undefined) out.push(`${m}: only written through the Collector`);
    else {
      for (const e of c) if (!d.includes(e)) out.push(`${m}: ${e} only through the Collector`);
      for (const e of d) if (!c.includes(e)) out.push(`${m}: ${e} only when written directly`);
    }
  }
  return out.sort();
}

describe('InfluxDB schema: direct exporter vs the Collector influxdb exporter, read back from InfluxDB', () => {
  let db: TempDatabase;
  let influx: RunningInfluxDb;
  let collector: RunningCollector;
  let app: ChildApp;
  let clashApp: ChildApp;

  beforeAll(async () => {
    db = await createTempDatabase();
    influx = await startInfluxDb();
    for (const name of ['direct', 'collector']) await influx.query(`CREATE DATABASE ${name}`);
    collector = await startCollector({
      env: { OTELCOL_INFLUXDB_ENDPOINT: influx.url, OTELCOL_INFLUXDB_DATABASE: 'collector', OTELCOL_BATCH_TIMEOUT: '200ms' },
    });
    const port = await freePort();
    // Both paths at once: OTLP to the Collector (database "collector") and straight to InfluxDB.
    const bothPaths = {
      OTEL_METRICS_EXPORTER: 'otlp,influxdb',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpEndpoint,
      PERF_OTEL_INFLUXDB_URL: influx.url,
      PERF_OTEL_INFLUXDB_DATABASE: 'direct',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    };
    app = await startChildApp({
      script: SHOP,
      cwd: REPO_ROOT,
      require: ['@org/perf-otel/register'],
      env: {
        PORT: String(port),
        DATABASE_URL: db.connectionString,
        OTEL_SERVICE_NAME: SERVICE,
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,service.version=1.0.0',
        ...bothPaths,
      },
      waitForLine: 'listening',
    });
    clashApp = await startChildApp({
      script: CLASH,
      cwd: REPO_ROOT,
      require: ['@org/perf-otel/register'],
      env: {
        OTEL_SERVICE_NAME: `${SERVICE}-clash`,
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=from-resource,host.name=from-resource',
        ...bothPaths,
      },
      waitForLine: 'recorded',
    });
    for (const path of ['/api/items/1', '/api/fail', '/api/proxy']) await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer();
  }, 120000);

  afterAll(async () => {
    await app?.stop();
    await clashApp?.stop();
    await collector?.stop();
    await influx?.stop();
    await db?.drop();
  });

  it('every measurement has the same tag keys and field keys and types on both paths', async () => {
    let last: string[] = [];
    try {
      await pollUntil(
        'the same schema on both paths',
        async () => {
          const [c, d] = [await schema(influx, 'collector'), await schema(influx, 'direct')];
          last = differences(c, d);
          return last.length === 0 && c.get('http.server.request.duration')?.includes('field:+Inf:float') ? true : undefined;
        },
        60000,
      );
    } catch {
      throw new Error(`schema differences:\n${last.join('\n')}`);
    }
  });

  it('a resource attribute wins over a point attribute of the same key, on both paths', async () => {
    const stored = async (database: string) => {
      const rows =
        (await influx.query('SELECT "counter", "host.name", "deployment.environment.name", "clash.kind" FROM "clash.events"', database)).results[0].series?.[0]
          ?.values ?? [];
      return rows.length === 0 ? undefined : rows[rows.length - 1].slice(1);
    };
    const expected = [3, 'from-resource', 'from-resource', 'probe'];
    await pollUntil('clash.events written directly', async () => (await stored('direct')) ?? undefined, 60000);
    await pollUntil('clash.events written through the Collector', async () => (await stored('collector')) ?? undefined, 60000);
    expect({ direct: await stored('direct'), collector: await stored('collector') }).toEqual({ direct: expected, collector: expected });
  });

  it("both paths write each cumulative series' zero point once, at its start (deploy/influxdb's trends rely on it)", async () => {
    // Series (as their tag sets) → how many points with count 0 / how many points at all.
    const perSeries = async (dbName: string, measurement: string, field: string) => {
      const q = (where: string) => `SELECT count("${field}") FROM "${measurement}" ${where} GROUP BY *`;
      const counted = async (where: string) =>
        new Map(((await influx.query(q(where), dbName)).results[0].series ?? []).map((series) => [JSON.stringify(series.tags), Number(series.values[0][1])]));
      const [zeros, all] = [await counted(`WHERE "${field}" = 0`), await counted('')];
      return [...all.keys()].sort().map((tags) => ({ tags, zeros: zeros.get(tags) ?? 0, later: all.get(tags)! - (zeros.get(tags) ?? 0) }));
    };
    for (const [measurement, field] of [
      ['http.server.request.duration', 'count'],
      ['db.client.operation.duration', 'count'],
    ]) {
      const [direct, collected] = [await perSeries('direct', measurement, field), await perSeries('collector', measurement, field)];
      expect(direct.length).toBeGreaterThan(0);
      expect(direct.map((s) => ({ tags: s.tags, zeros: s.zeros }))).toEqual(direct.map((s) => ({ tags: s.tags, zeros: 1 })));
      expect(direct.every((s) => s.later > 0)).toBe(true);
      expect(collected.map((s) => ({ tags: s.tags, zeros: s.zeros }))).toEqual(direct.map((s) => ({ tags: s.tags, zeros: 1 })));
    }
    // The zero point's time is the series' start (start_time_unix_nano), 1 ns before it at most.
    for (const dbName of ['direct', 'collector']) {
      const query = `SELECT "count", "start_time_unix_nano" FROM "http.server.request.duration" WHERE "count" = 0`;
      const answer = await (await fetch(`${influx.url}/query?${new URLSearchParams({ db: dbName, epoch: 'ns', q: query })}`)).text();
      const rows = [...answer.matchAll(/\[(\d+),0,(\d+)\]/g)];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter(([, time, start]) => BigInt(start) - BigInt(time) > 1n || BigInt(start) < BigInt(time))).toEqual([]);
    }
  });
});
