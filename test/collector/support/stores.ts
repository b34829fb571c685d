// Reads what a store holds as { "<label values joined>": value } maps, so a test compares the
// counts that reached Prometheus and InfluxDB with the counts the app really served.
import { pollUntil, type RunningInfluxDb, type RunningPrometheus } from '../../harness';

export type Counts = Record<string, number>;
const STORE_WAIT_MS = 60000;

export const key = (values: Array<string | undefined>) => values.map((v) => v ?? '').join(' ');

/** sum by (labels) (expr) from Prometheus. */
export async function promCounts(prometheus: RunningPrometheus, expr: string, labels: string[]): Promise<Counts> {
  const out: Counts = {};
  for (const s of await prometheus.query(`sum by (${labels.join(', ')}) (${expr})`)) {
    out[key(labels.map((l) => s.metric[l]))] = Number(s.value[1]);
  }
  return out;
}

/**
 * The last cumulative `field` of every series of `measurement` in InfluxDB, summed by `tags` (so the
 * series of all instances of a service add up, as Prometheus' sum by does).
 */
export async function influxCounts(influx: RunningInfluxDb, db: string, measurement: string, field: string, tags: string[], where: string): Promise<Counts> {
  const q = `SELECT last("${field}") FROM "${measurement}" WHERE ${where} GROUP BY *`;
  const out: Counts = {};
  for (const series of (await influx.query(q, db)).results[0]?.series ?? []) {
    const k = key(tags.map((t) => series.tags?.[t] || undefined));
    out[k] = (out[k] ?? 0) + Number(series.values[0][1]);
  }
  return out;
}

/** Polls until `read()` equals `expected` exactly; on timeout the error shows both. */
export async function waitForCounts(what: string, read: () => Promise<Counts>, expected: Counts): Promise<Counts> {
  let last: Counts = {};
  try {
    return await pollUntil(
      what,
      async () => {
        last = await read();
        return JSON.stringify(sorted(last)) === JSON.stringify(sorted(expected)) ? last : undefined;
      },
      STORE_WAIT_MS,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nexpected ${JSON.stringify(sorted(expected))}\nlast read ${JSON.stringify(sorted(last))}`, { cause: error });
  }
}

const sorted = (c: Counts) => Object.fromEntries(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));
