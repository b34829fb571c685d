// apiVersion 2 (InfluxDB 2.x/3.x /api/v2/write with org, bucket and token). Debian's InfluxDB 1.6 has no
// /api/v2/write (it arrived in 1.8), so this checks the request the exporter builds, through a relay that
// records it and hands the body to the real InfluxDB 1.6's /write: the line protocol is the same.
import type { IncomingHttpHeaders } from 'node:http';
import { startInfluxDb, type RunningInfluxDb } from '../harness';
import { DB, pipeline, relay, rows, startFront, type Front } from './influx-test-kit';

interface Seen {
  method?: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

let influx: RunningInfluxDb;
let front: Front;
let relayUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  influx = await startInfluxDb();
  await influx.query(`CREATE DATABASE ${DB}`);
  front = await startFront(async (req) => {
    seen.push({ method: req.method, path: req.url.pathname, query: Object.fromEntries(req.url.searchParams), headers: req.headers });
    return relay(influx, `/write?db=${encodeURIComponent(req.url.searchParams.get('bucket') ?? '')}&precision=ns`, req.body);
  });
  relayUrl = front.url;
});
afterAll(async () => {
  await front?.close();
  await influx?.stop();
});

test('apiVersion 2 POSTs /api/v2/write?org=&bucket=&precision=ns with "Authorization: Token" (request checked via a relay: InfluxDB 1.6 has no v2 API)', async () => {
  const { provider, reader } = pipeline({ url: relayUrl, apiVersion: 2, org: 'acme', bucket: DB, token: 't0ken' });
  provider.getMeter('m').createCounter('v2.probe').add(11, { region: 'eu west' });
  await reader.forceFlush();
  expect(seen).toEqual([
    {
      method: 'POST',
      path: '/api/v2/write',
      query: { org: 'acme', bucket: DB, precision: 'ns' },
      headers: expect.objectContaining({ authorization: 'Token t0ken', 'content-type': 'text/plain; charset=utf-8' }),
    },
  ]);
  expect(await rows(influx, `SELECT "counter", "region" FROM "v2.probe"`)).toEqual([
    { time: expect.any(String), counter: 0, region: 'eu west' }, // the series' zero point
    { time: expect.any(String), counter: 11, region: 'eu west' },
  ]);
  await provider.shutdown();
});

test('options that cannot work are refused with one line per problem naming the fix', () => {
  expect(() => pipeline({ url: relayUrl, apiVersion: 2, org: 'acme' })).toThrow(
    'InfluxDB exporter: apiVersion 2 needs org and bucket; set org and bucket (and token)',
  );
  expect(() => pipeline({ url: 'localhost:8086', apiVersion: 1, database: DB })).toThrow(
    'InfluxDB exporter: url "localhost:8086" is not http(s); use an http:// or https:// URL',
  );
  expect(() => pipeline({ url: relayUrl, apiVersion: 1 })).toThrow('InfluxDB exporter: apiVersion 1 needs a database; set database (e.g. perf_otel)');
});
