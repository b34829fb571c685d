import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, LOOPBACK } from './free-port';
import { ManagedProcess, requireBinary } from './managed-process';
import { waitForHttpOk } from './poll';
import { makeTempDir, removeTempDir } from './temp-dir';

export const INFLUXD_BIN = '/usr/bin/influxd';
const READY_TIMEOUT_MS = 30000;

export interface InfluxDbOptions {
  /** Turn on HTTP auth and create this admin user once the server is up (for basic-auth tests). */
  admin?: { username: string; password: string };
}

/** InfluxDB 1.x /query JSON. */
export interface InfluxQueryResult {
  results: Array<{
    statement_id: number;
    series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }>;
    error?: string;
  }>;
  error?: string;
}

export interface RunningInfluxDb {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** PID of the current influxd (changes after restart()). */
  readonly pid: number;
  dataDir: string;
  /** POST /query (so CREATE/DROP work); throws when the server or any statement reports an error. */
  query(influxql: string, db?: string): Promise<InfluxQueryResult>;
  /** POST /write?db=&rp=&precision=ns with line protocol; throws on a non-2xx answer. */
  write(lineProtocol: string, db: string, rp?: string): Promise<void>;
  /** SIGSTOP: the port stays open but nothing answers (a hung server). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Stops influxd (SIGKILL by default: a crash) and starts it again on the same port and data. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Stops influxd without deleting its data (pair with start()). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts influxd again after kill(), same port and data. */
  start(): Promise<void>;
  output(): string;
  /** SIGTERM (then SIGKILL), then deletes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

interface Ports {
  http: number;
  rpc: number;
}

function buildConfig(dir: string, ports: Ports, authEnabled: boolean): string {
  // Every listener on its own free loopback port (bind-address is the RPC/backup service, 8088 by default)
  // so tests in parallel and a system influxd never collide.
  return `reporting-disabled = true
bind-address = "${LOOPBACK}:${ports.rpc}"

[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "${LOOPBACK}:${ports.http}"
  auth-enabled = ${authEnabled}
  log-enabled = false
  pprof-enabled = false

[logging]
  level = "warn"
  suppress-logo = true

[continuous_queries]
  enabled = true
  log-enabled = false
`;
}

/** Starts Debian's influxd 1.x on free loopback ports with temp dirs; resolves when /ping answers. */
export async function startInfluxDb(options: InfluxDbOptions = {}): Promise<RunningInfluxDb> {
  requireBinary(INFLUXD_BIN, 'influxdb');
  const ports: Ports = { http: await freePort(), rpc: await freePort() };
  const url = `http://${LOOPBACK}:${ports.http}`;
  const dataDir = await makeTempDir('influxdb');
  const configFile = join(dataDir, 'influxdb.conf');
  await writeFile(configFile, buildConfig(dataDir, ports, options.admin !== undefined));
  await mkdir(join(dataDir, 'data'));

  let proc: ManagedProcess | undefined;
  const launch = async () => {
    proc = new ManagedProcess('influxd', INFLUXD_BIN, ['-config', configFile], { cwd: dataDir });
    try {
      await waitForHttpOk(`${url}/ping`, READY_TIMEOUT_MS, proc.exitReason);
    } catch (error) {
      throw new Error(`influxd did not become ready: ${(error as Error).message}\n${proc.output.slice(-4000)}`, { cause: error });
    }
  };
  const current = () => {
    if (proc === undefined) throw new Error('influxd is not started');
    return proc;
  };

  const authHeaders = (): Record<string, string> =>
    options.admin === undefined
      ? {}
      : {
          authorization: `Basic ${Buffer.from(`${options.admin.username}:${options.admin.password}`).toString('base64')}`,
        };

  const query = async (influxql: string, db?: string) => {
    const params = new URLSearchParams({ q: influxql });
    if (db !== undefined) params.set('db', db);
    const response = await fetch(`${url}/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...authHeaders() },
      body: params.toString(),
    });
    const body = (await response.json()) as InfluxQueryResult;
    const failed = body.error ?? body.results?.find((r) => r.error !== undefined)?.error;
    if (!response.ok || failed !== undefined) throw new Error(`InfluxDB query "${influxql}" failed: HTTP ${response.status}: ${failed}`);
    return body;
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await proc?.stop();
    await removeTempDir(dataDir);
  };

  try {
    await launch();
    // With auth on, InfluxDB 1.x accepts exactly one unauthenticated statement: creating the first admin.
    if (options.admin !== undefined) {
      const { username, password } = options.admin;
      const params = new URLSearchParams({ q: `CREATE USER "${username}" WITH PASSWORD '${password}' WITH ALL PRIVILEGES` });
      const response = await fetch(`${url}/query`, { method: 'POST', body: params });
      if (!response.ok) throw new Error(`creating the admin user failed: HTTP ${response.status} ${await response.text()}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    port: ports.http,
    get pid() {
      return current().pid;
    },
    dataDir,
    query,
    async write(lineProtocol, db, rp) {
      const params = new URLSearchParams({ db, precision: 'ns' });
      if (rp !== undefined) params.set('rp', rp);
      const response = await fetch(`${url}/write?${params}`, { method: 'POST', headers: authHeaders(), body: lineProtocol });
      if (!response.ok) throw new Error(`InfluxDB write to ${db} failed: HTTP ${response.status}: ${await response.text()}`);
    },
    pause: () => {
      current().signal('SIGSTOP');
      waitUntilStopped(current().pid);
    },
    resume: () => current().signal('SIGCONT'),
    async kill(signal = 'SIGKILL') {
      await current().stop(signal);
    },
    start: launch,
    async restart(signal = 'SIGKILL') {
      await current().stop(signal);
      await launch();
    },
    output: () => current().output,
    stop,
  };
}

/**
 * SIGSTOP is delivered asynchronously: on a busy machine the server could still answer one more
 * request. Return only once the kernel reports the process stopped (state T in /proc/<pid>/stat).
 */
function waitUntilStopped(pid: number): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 400; i++) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
    Atomics.wait(sleeper, 0, 0, 5);
  }
  throw new Error(`influxd (pid ${pid}) did not stop within 2 s of SIGSTOP`);
}
