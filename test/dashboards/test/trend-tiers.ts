// Shared by the trends dashboard tests: an InfluxDB set up by deploy/influxdb/setup.sh, its continuous
// queries run on demand over a time range, and a trends panel's answer.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { RunningInfluxDb } from '../../harness';
import { loadDashboard, REPO_ROOT } from './dashboard-files';
import { panelTargets, substituteVariables } from './panel-targets';

export const DB = 'perf_otel';
export const HOUR = 3600;
export const DAY = 24 * HOUR;

/** Runs deploy/influxdb/setup.sh against `influx` (database, retention tiers, continuous queries). */
export function setUpTiers(influx: RunningInfluxDb): void {
  const setup = spawnSync('sh', [join(REPO_ROOT, 'deploy/influxdb/setup.sh')], {
    env: { PATH: process.env.PATH, INFLUX_HOST: '127.0.0.1', INFLUX_PORT: String(influx.port) },
    encoding: 'utf8',
    timeout: 60000,
  });
  if (setup.status !== 0) throw new Error(`deploy/influxdb/setup.sh failed: ${setup.stderr}`);
}

/** The SELECT INTO of one of setup.sh's continuous queries, over [from, to) (seconds): what InfluxDB runs for those buckets. */
export async function runContinuousQuery(influx: RunningInfluxDb, name: string, from: number, to: number): Promise<void> {
  const result = await influx.query('SHOW CONTINUOUS QUERIES');
  const definition = (result.results[0].series ?? []).flatMap((series) => series.values as string[][]).find(([cq]) => cq === name)?.[1];
  if (!definition) throw new Error(`continuous query ${name} is missing: deploy/influxdb/setup.sh did not create it`);
  const select = /BEGIN (.*) END$/.exec(definition)![1];
  await influx.query(select.replace(' GROUP BY ', ` WHERE time >= ${from}s AND time < ${to}s GROUP BY `), DB);
}

/** A trends.json panel's answer for one service and a Grafana $timeFilter: series tags and bucket start (s) → value. */
export async function trendPanel(
  influx: RunningInfluxDb,
  title: string,
  service: string,
  timeFilter: string,
): Promise<{ tags: Array<Record<string, string> | undefined>; values: Map<number, number | null> }> {
  const target = panelTargets('trends.json', loadDashboard('trends.json')).find((t) => t.panel === title);
  if (target === undefined) throw new Error(`trends.json has no panel "${title}"`);
  const result = await influx.query(substituteVariables(target.query, { service, timeFilter }), DB);
  const series = result.results[0].series ?? [];
  return {
    tags: series.map((s) => s.tags),
    values: new Map((series[0]?.values ?? []).map(([time, value]) => [Date.parse(String(time)) / 1000, value as number | null])),
  };
}
