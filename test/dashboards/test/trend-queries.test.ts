// The InfluxQL panels of the trends dashboard against a real InfluxDB 1.x set up by
// deploy/influxdb/setup.sh. The raw points are written by this test in the exporters'
// telegraf-prometheus-v1 shape, zero points at each series' start included (3 days of history with
// restarts cannot come from a live app); the hourly and daily tiers are filled by running the setup's
// own continuous queries over that history.
import { RunningInfluxDb, startInfluxDb } from '../../harness';
import { loadDashboard } from './dashboard-files';
import { describeTarget, panelTargets, substituteVariables } from './panel-targets';
import { DAY, DB, HOUR, runContinuousQuery, setUpTiers, trendPanel } from './trend-tiers';

const STEP = 600;
const SERVICE = 'shop';
const STATUSES = ['200', '500'] as const;

/** One app process: its instance id, when it started and stopped, and its export phase. */
interface Instance {
  id: string;
  /** Seconds after the history's start; negative = it was already running (no zero point in the history). */
  from: number;
  to: number;
  /** Seconds after the history's start with no export (the instance was silent, its counts went on). */
  silent?: [number, number];
  /** Seconds each request takes, so that mean latency differs per instance. */
  latency: number;
  /** Exports before its first 5xx: its 5xx series reports 0 until then (as a source that creates series up front does). */
  quietSteps?: number;
}

/** A histogram point as InfluxDB holds it: what the tiers and the expected values are built from. */
interface Written {
  series: string;
  status: string;
  time: number;
  count: number;
  sum: number;
}

// Hours are relative to the history's start (a UTC midnight), which is 3-4 days back.
const INSTANCES: Instance[] = [
  // Older than the history: its first point has no earlier one and no zero point.
  { id: 'i-old', from: -5 * DAY, to: Infinity, latency: 0.125 },
  // Silent for two hours on day 0, then restarted mid-day 1 as i-new (a new instance id from 0).
  { id: 'i-restarted', from: 2 * HOUR + 7 * 60, to: 40 * HOUR + 17 * 60, silent: [20 * HOUR, 22 * HOUR], latency: 0.25 },
  { id: 'i-new', from: 40 * HOUR + 25 * 60, to: Infinity, latency: 0.5 },
  // Starts 30 s before midnight: its zero point is alone in the previous hour and day; its 5xx series
  // stays at 0 until 2.5 h later, so hour 50 and day 2 go from 0 to more after earlier buckets at 0.
  { id: 'i-midnight', from: 2 * DAY - 30, to: Infinity, latency: 0.0625, quietSteps: 15 },
];

/** Requests of one status at one export step: varies so that no two buckets agree by chance. */
const requestsAt = (status: string, k: number) => (status === '200' ? 100 + (k % 7) * 10 : k % 3);

/** The raw history: every instance's exports (each at its own phase) and the zero points at its series' starts. */
function history(start: number, end: number): { lines: string[]; written: Written[] } {
  const lines: string[] = [];
  const written: Written[] = [];
  for (const instance of INSTANCES) {
    const startedAt = start + instance.from;
    const tags = (status: string) =>
      `http.server.request.duration,host.name=web-1,http.request.method=GET,http.response.status_code=${status},` +
      `http.route=/api/items/:id,otel.library.name=@org/perf-otel,service.instance.id=${instance.id},service.name=${SERVICE},url.scheme=http`;
    const startNs = `${startedAt}000000000i`;
    if (startedAt >= start) {
      for (const status of STATUSES) {
        // The zero point both exporters write: the series' cumulative values at its start time.
        lines.push(`${tags(status)} +Inf=0,0.25=0,1=0,count=0,start_time_unix_nano=${startNs},sum=0 ${startedAt}000000000`);
        written.push({ series: `${instance.id} ${status}`, status, time: startedAt, count: 0, sum: 0 });
      }
    }
    const totals = { '200': 0, '500': 0 };
    for (let k = 1, t = startedAt + STEP; t < Math.min(start + instance.to, end); k++, t += STEP) {
      for (const status of STATUSES) totals[status] += status === '500' && k <= (instance.quietSteps ?? 0) ? 0 : requestsAt(status, k);
      if (t < start) continue;
      const silent = instance.silent !== undefined && t >= start + instance.silent[0] && t < start + instance.silent[1];
      if (silent) continue;
      for (const status of STATUSES) {
        const count = totals[status];
        const sum = count * instance.latency;
        lines.push(
          `${tags(status)} +Inf=${count},0.25=${Math.floor(count * 0.9)},1=${count},count=${count},max=0.9,min=0.004,start_time_unix_nano=${startNs},sum=${sum} ${t}000000000`,
        );
        written.push({ series: `${instance.id} ${status}`, status, time: t, count, sum });
      }
    }
    for (let t = Math.max(start, startedAt); t < Math.min(start + instance.to, end); t += STEP) {
      const ns = `${t}000000000`;
      lines.push(`process.cpu.utilization,otel.library.name=@org/perf-otel,service.instance.id=${instance.id},service.name=${SERVICE} gauge=0.25 ${ns}`);
      for (const space of ['new_space', 'old_space']) {
        lines.push(
          `v8js.memory.heap.used,otel.library.name=@org/perf-otel,service.instance.id=${instance.id},service.name=${SERVICE},v8js.heap.space.name=${space} gauge=${space === 'old_space' ? 80e6 : 4e6} ${ns}`,
        );
      }
    }
  }
  return { lines, written };
}

interface Served {
  count: number;
  sum: number;
}

/**
 * What became visible per bucket: each written point's increase over the series' previous point,
 * in the bucket of the later point (a silent stretch's requests show in the bucket where the
 * instance reports again). A series' first point with no earlier one (no zero point) counts nowhere.
 */
function servedPerBucket(written: Written[], bucket: number, statuses: readonly string[] = STATUSES): Map<number, Served> {
  const out = new Map<number, Served>();
  const previous = new Map<string, Written>();
  for (const point of [...written].sort((a, b) => a.time - b.time)) {
    if (!statuses.includes(point.status)) continue;
    const before = previous.get(point.series);
    previous.set(point.series, point);
    const at = Math.floor(point.time / bucket) * bucket;
    const served = out.get(at) ?? { count: 0, sum: 0 };
    if (before !== undefined) {
      served.count += point.count - before.count;
      served.sum += point.sum - before.sum;
    }
    out.set(at, served);
  }
  return out;
}

describe('trends dashboard InfluxQL panels against a real InfluxDB (deploy/influxdb/setup.sh tiers, history written by the test)', () => {
  let influx: RunningInfluxDb;
  let start: number;
  let end: number;
  let written: Written[];
  /** The panel's series for the service over a range (seconds, as Grafana interpolates it): bucket start (s) → value. */
  async function panel(title: string, from: number, to: number): Promise<Map<number, number | null>> {
    const { tags, values } = await trendPanel(influx, title, SERVICE, `time >= ${from}s AND time <= ${to}s`);
    expect(tags).toEqual([{ 'service.name': SERVICE }]);
    return values;
  }

  beforeAll(async () => {
    influx = await startInfluxDb();
    setUpTiers(influx);
    // From a midnight to the last full hour, more than 3 and at most 4 days (inside raw's 7-day retention).
    end = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
    start = Math.floor((end - HOUR) / DAY) * DAY - 3 * DAY;
    const raw = history(start, end);
    written = raw.written;
    await influx.write(raw.lines.join('\n'), DB, 'raw');
    await runContinuousQuery(influx, 'cq_perf_otel_hourly', start, end);
    await runContinuousQuery(influx, 'cq_perf_otel_daily', start, end + DAY);
  }, 120000);

  afterAll(async () => {
    await influx?.stop();
  });

  it('every panel query answers without error and with data', async () => {
    const dashboard = loadDashboard('trends.json');
    const targets = panelTargets('trends.json', dashboard).filter((target) => target.datasourceType === 'influxdb');
    expect(targets.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const target of targets) {
      const query = substituteVariables(target.query, { service: SERVICE, timeFilter: 'time >= now() - 90d' });
      try {
        const result = await influx.query(query, DB);
        const rows = (result.results[0].series ?? []).flatMap((series) => series.values).filter((row) => row[1] !== null);
        if (rows.length === 0) problems.push(`${describeTarget(target)}: no data for ${query}`);
      } catch (error) {
        problems.push(`${describeTarget(target)}: query error: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  for (const grain of [
    { bucket: HOUR, name: '1h' },
    { bucket: DAY, name: '1d' },
  ]) {
    describe(`per ${grain.name}, across a restart, a silent stretch and an instance older than the range`, () => {
      /** Every bucket of the history but its first: expected vs the panel, side by side. */
      const compare = (panelValues: Map<number, number | null>, expected: (served: Served) => number, statuses?: readonly string[]) => {
        const served = servedPerBucket(written, grain.bucket, statuses);
        const buckets = [...served.keys()].sort((a, b) => a - b).slice(1);
        expect(buckets.length).toBeGreaterThan(grain.bucket === HOUR ? 60 : 2);
        return {
          actual: buckets.map((b) => ({ bucket: new Date(b * 1000).toISOString(), value: panelValues.get(b) })),
          expected: buckets.map((b) => ({ bucket: new Date(b * 1000).toISOString(), value: expected(served.get(b)!) })),
        };
      };

      it(`requests per ${grain.name}: every bucket but the first is exactly what was served`, async () => {
        const { actual, expected } = compare(await panel(`Requests per ${grain.name}`, start, end), (s) => s.count);
        expect(actual).toEqual(expected);
      });

      it(`5xx responses per ${grain.name}: exact too`, async () => {
        const { actual, expected } = compare(await panel(`5xx responses per ${grain.name}`, start, end), (s) => s.count, ['500']);
        expect(actual).toEqual(expected);
      });

      it(`mean latency per ${grain.name}: total time over total requests of the bucket`, async () => {
        const { actual, expected } = compare(await panel(`Mean latency per ${grain.name}`, start, end), (s) => s.sum / s.count);
        expect(actual.map((a) => a.bucket)).toEqual(expected.map((e) => e.bucket));
        actual.forEach((a, i) => expect(a.value).toBeCloseTo(expected[i].value!, 12));
      });

      it('a range that starts while instances run shows no spike in its first bucket, and the same values after it', async () => {
        // Hour 30 and day 2: only instances started before them report there.
        const from = start + (grain.bucket === HOUR ? 30 * HOUR : 2 * DAY);
        const values = await panel(`Requests per ${grain.name}`, from, end);
        // The range's first bucket has nothing before it: a series that was still at 0 inside it (its
        // start, or nothing counted yet) added its last value there; the others show nothing (no
        // cumulative spike). Here that is i-midnight's 5xx series on day 2, nothing per hour.
        const inFirst = written.filter((w) => w.time >= from && w.time < from + grain.bucket);
        const fromZero = [...new Set(inFirst.filter((w) => w.count === 0).map((w) => w.series))].map(
          (series) => inFirst.filter((w) => w.series === series).at(-1)!.count,
        );
        expect(fromZero.length).toBe(grain.bucket === HOUR ? 0 : 1);
        expect(values.get(from) ?? 0).toBe(fromZero.reduce((a, b) => a + b, 0));
        const served = servedPerBucket(written, grain.bucket);
        const later = [...values.keys()].filter((b) => b > from && served.has(b));
        expect(later.length).toBeGreaterThan(0);
        expect(later.map((b) => values.get(b))).toEqual(later.map((b) => served.get(b)!.count));
      });
    });
  }

  it('the silent stretch and the restart are where the history has them (what the exact checks above cover)', () => {
    const served = servedPerBucket(written, HOUR);
    const silentHours = [20, 21].map((h) => start + h * HOUR);
    const restartHour = start + 40 * HOUR;
    const reported = (id: string, hour: number) => written.some((w) => w.series.startsWith(`${id} `) && w.time >= hour && w.time < hour + HOUR);
    expect(silentHours.map((h) => reported('i-restarted', h))).toEqual([false, false]);
    expect(reported('i-restarted', start + 22 * HOUR)).toBe(true);
    expect([reported('i-restarted', restartHour), reported('i-new', restartHour)]).toEqual([true, true]);
    // The hour after the silence carries the silent hours' requests too, not the instance's whole count.
    const total = written.filter((w) => w.series === 'i-restarted 200' && w.time < start + 23 * HOUR).at(-1)!.count;
    expect(served.get(start + 22 * HOUR)!.count).toBeLessThan(total);
  });

  it('offers the service in its InfluxDB service variable', async () => {
    const variable = loadDashboard('trends.json').templating.list.find((v) => v.name === 'service')!;
    const result = await influx.query(String(variable.query), DB);
    expect(result.results[0].series![0].values).toEqual([['service.name', SERVICE]]);
  });
});
