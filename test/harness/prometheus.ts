import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, LOOPBACK } from './free-port';
import { ManagedProcess, requireBinary } from './managed-process';
import { pollUntil, waitForHttpOk } from './poll';
import { makeTempDir, removeTempDir } from './temp-dir';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
const READY_TIMEOUT_MS = 30000;
/** Long enough for Prometheus 2.42 to pick up a new target (it holds them back ~5 s) and scrape twice. */
const DEFAULT_WAIT_MS = 30000;

export interface PrometheusOptions {
  /** host:port pairs to scrape (one job, `perf-otel-test`). */
  scrapeTargets?: string[];
  /** Scrape and rule evaluation interval; default 1 s so tests see data quickly. */
  scrapeIntervalSeconds?: number;
  /** Default /metrics. */
  metricsPath?: string;
  /** Absolute paths of rule files (recording/alerting rules) to load. */
  ruleFiles?: string[];
  /** More command-line flags, e.g. ['--web.enable-remote-write-receiver']. */
  extraArgs?: string[];
  /**
   * Use this config file as it is instead of a generated one (relative rule_files resolve against its
   * directory); scrapeTargets, scrapeIntervalSeconds, metricsPath and ruleFiles are then ignored.
   */
  configFile?: string;
  /** Fills the (empty) TSDB directory before Prometheus starts, e.g. with `promtool tsdb create-blocks-from`. */
  fillData?: (tsdbDir: string) => Promise<void>;
}

/** One element of an instant vector. `value` is [unix seconds, value as string], as the HTTP API returns it. */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** One element of a range vector. */
export interface PromRangeSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

export interface PrometheusTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: string;
  lastError: string;
}

export interface RunningPrometheus {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** PID of the current server (changes after start()). */
  readonly pid: number;
  dataDir: string;
  configFile: string;
  /** Instant query; throws with Prometheus's error text on a bad query. */
  query(promql: string, time?: number): Promise<PromSample[]>;
  /** Range query; start/end in unix seconds, step in seconds. */
  queryRange(promql: string, start: number, end: number, stepSeconds: number): Promise<PromRangeSeries[]>;
  /**
   * Polls `promql` until it returns at least one sample and `predicate` (if given) holds; returns the samples.
   * On timeout the error names the query, the last result and the scrape targets' health.
   */
  waitFor(promql: string, predicate?: (samples: PromSample[]) => boolean, timeoutMs?: number): Promise<PromSample[]>;
  /** The active scrape targets with their health and last error. */
  targets(): Promise<PrometheusTarget[]>;
  /** Collected stdout+stderr of the server. */
  output(): string;
  /** Stops the server (SIGTERM by default) without deleting its data (pair with start()): an outage. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again after kill(), same port, config and data. */
  start(): Promise<void>;
  /** SIGTERM (then SIGKILL), then deletes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

interface ApiResponse<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
  errorType?: string;
}

/** The config as JSON, which is valid YAML, so no YAML writer is needed. */
function buildConfig(options: PrometheusOptions): string {
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const config: Record<string, unknown> = {
    global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
    rule_files: options.ruleFiles ?? [],
    scrape_configs:
      (options.scrapeTargets ?? []).length === 0
        ? []
        : [
            {
              job_name: 'perf-otel-test',
              metrics_path: options.metricsPath ?? '/metrics',
              // The scraped endpoint sets job/instance from the service identity, as the Collector's exporter does.
              honor_labels: true,
              static_configs: [{ targets: options.scrapeTargets }],
            },
          ],
  };
  return JSON.stringify(config, null, 2);
}

/** Starts Debian's Prometheus on a free loopback port with a temp data dir; resolves when /-/ready answers. */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningPrometheus> {
  requireBinary(PROMETHEUS_BIN, 'prometheus');
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const dataDir = await makeTempDir('prometheus');
  const configFile = options.configFile ?? join(dataDir, 'prometheus.yml');
  if (options.configFile === undefined) await writeFile(configFile, buildConfig(options));
  const tsdbDir = join(dataDir, 'data');
  if (options.fillData) {
    try {
      await options.fillData(tsdbDir);
    } catch (error) {
      await removeTempDir(dataDir);
      throw error;
    }
  }
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${tsdbDir}`,
    `--web.listen-address=${LOOPBACK}:${port}`,
    '--log.level=warn',
    ...(options.extraArgs ?? []),
  ];
  let proc = new ManagedProcess('prometheus', PROMETHEUS_BIN, args, { cwd: dataDir });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await proc.stop();
    await removeTempDir(dataDir);
  };
  const ready = async () => {
    try {
      await waitForHttpOk(`${url}/-/ready`, READY_TIMEOUT_MS, proc.exitReason);
    } catch (error) {
      await stop();
      throw new Error(`Prometheus did not become ready: ${(error as Error).message}\n${proc.output.slice(-4000)}`, { cause: error });
    }
  };
  await ready();

  async function api<T>(path: string, params: Record<string, string>): Promise<T> {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    const body = (await response.json()) as ApiResponse<T>;
    if (body.status !== 'success') throw new Error(`Prometheus ${path} ${JSON.stringify(params)}: ${body.errorType}: ${body.error}`);
    return body.data;
  }

  const query = async (promql: string, time?: number) => {
    const params: Record<string, string> = { query: promql };
    if (time !== undefined) params.time = String(time);
    const data = await api<{ resultType: string; result: PromSample[] }>('/api/v1/query', params);
    if (data.resultType !== 'vector') throw new Error(`query ${promql} returned a ${data.resultType}, not an instant vector`);
    return data.result;
  };

  const targets = async () => {
    const response = await fetch(`${url}/api/v1/targets?state=active`);
    const body = (await response.json()) as ApiResponse<{ activeTargets: PrometheusTarget[] }>;
    return body.data.activeTargets;
  };

  return {
    url,
    port,
    get pid() {
      return proc.pid;
    },
    dataDir,
    configFile,
    query,
    async queryRange(promql, start, end, stepSeconds) {
      const data = await api<{ result: PromRangeSeries[] }>('/api/v1/query_range', {
        query: promql,
        start: String(start),
        end: String(end),
        step: String(stepSeconds),
      });
      return data.result;
    },
    async waitFor(promql, predicate, timeoutMs = DEFAULT_WAIT_MS) {
      let last: PromSample[] = [];
      try {
        return await pollUntil(
          `Prometheus query ${promql}`,
          async () => {
            last = await query(promql);
            return last.length > 0 && (predicate === undefined || predicate(last)) ? last : undefined;
          },
          timeoutMs,
        );
      } catch (error) {
        const health = await targets().catch(() => []);
        const summary = health.map((t) => `${t.scrapeUrl}: ${t.health}${t.lastError ? ` (${t.lastError})` : ''}`).join('; ');
        throw new Error(`${(error as Error).message}\nlast result: ${JSON.stringify(last)}\ntargets: ${summary || 'none'}`, { cause: error });
      }
    },
    targets,
    output: () => proc.output,
    async kill(signal = 'SIGTERM') {
      await proc.stop(signal);
    },
    async start() {
      proc = new ManagedProcess('prometheus', PROMETHEUS_BIN, args, { cwd: dataDir });
      await ready();
    },
    stop,
  };
}
