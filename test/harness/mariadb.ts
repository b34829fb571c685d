import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection, type Connection } from 'mysql2/promise';
import { freePort, LOOPBACK } from './free-port';
import { ManagedProcess, requireBinary } from './managed-process';
import { pollUntil } from './poll';
import { makeTempDir, removeTempDir } from './temp-dir';

export const MARIADBD_BIN = '/usr/sbin/mariadbd';
export const MARIADB_INSTALL_DB_BIN = '/usr/bin/mariadb-install-db';
const READY_TIMEOUT_MS = 60000;
const INSTALL_TIMEOUT_MS = 120000;
/** The account tests connect with: a password, so tests can check it never leaks. */
const USER = 'perf_otel';
const PASSWORD = 'perf-otel-test-secret';

export interface RunningMariaDb {
  host: string;
  port: number;
  user: string;
  password: string;
  readonly pid: number;
  dataDir: string;
  /** mysql://perf_otel:…@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** A new empty database (perf_otel_test_<random>); returns its name. */
  createDatabase(): Promise<string>;
  /**
   * The server's statement counters that are not zero (Com_select, Com_insert, Com_stmt_execute…,
   * from SHOW GLOBAL STATUS): what arrived over the wire, by kind. Each call is one Com_show_status.
   */
  statementCounters(): Promise<Record<string, number>>;
  /** Runs one statement as the test account (admin work in tests). */
  query(sql: string): Promise<unknown>;
  output(): string;
  /** SIGTERM (then SIGKILL), then deletes the data dir. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a private MariaDB (Debian's mariadb-server) on a free loopback port with a fresh data dir:
 * mariadb-install-db, then mariadbd with an init file that creates the test account. Nothing of the
 * machine's own MariaDB (config, socket, data) is used. Resolves once the account can run a query.
 */
export async function startMariaDb(): Promise<RunningMariaDb> {
  requireBinary(MARIADBD_BIN, 'mariadb-server');
  requireBinary(MARIADB_INSTALL_DB_BIN, 'mariadb-server');
  const port = await freePort();
  const dir = await makeTempDir('mariadb');
  const dataDir = join(dir, 'data');
  // Its own temp dir too: the server's default is /tmp, where parallel bootstraps and /tmp cleaners collide.
  const tmpDir = join(dir, 'tmp');
  // mariadbd refuses to run as root unless told to; as another user it runs as that user.
  const asUser = process.getuid?.() === 0 ? ['--user=root'] : [];
  let proc: ManagedProcess | undefined;
  let admin: Connection | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await admin?.end().catch(() => undefined);
    await proc?.stop();
    await removeTempDir(dir);
  };

  try {
    await mkdir(tmpDir);
    // Options mariadb-install-db does not know (--tmpdir) go to the bootstrap server.
    await promisify(execFile)(
      MARIADB_INSTALL_DB_BIN,
      ['--no-defaults', `--datadir=${dataDir}`, `--tmpdir=${tmpDir}`, ...asUser, '--auth-root-authentication-method=normal', '--skip-test-db'],
      { timeout: INSTALL_TIMEOUT_MS },
    );
    const initFile = join(dir, 'init.sql');
    await writeFile(
      initFile,
      `CREATE USER IF NOT EXISTS '${USER}'@'${LOOPBACK}' IDENTIFIED BY '${PASSWORD}';\n` + `GRANT ALL PRIVILEGES ON *.* TO '${USER}'@'${LOOPBACK}';\n`,
    );
    proc = new ManagedProcess('mariadbd', MARIADBD_BIN, [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--tmpdir=${tmpDir}`,
      `--port=${port}`,
      `--bind-address=${LOOPBACK}`,
      `--socket=${join(dir, 'mariadbd.sock')}`,
      `--pid-file=${join(dir, 'mariadbd.pid')}`,
      ...asUser,
      '--skip-name-resolve',
      `--init-file=${initFile}`,
      '--skip-log-bin',
      // Small buffers and logs: a test server, a shared machine.
      '--innodb-buffer-pool-size=16M',
      '--innodb-log-file-size=8M',
      '--performance-schema=OFF',
      `--log-error=${join(dir, 'error.log')}`,
    ]);
    const running = proc;
    admin = await pollUntil(
      `MariaDB on ${LOOPBACK}:${port}`,
      async () => {
        const c = await createConnection({ host: LOOPBACK, port, user: USER, password: PASSWORD });
        try {
          await c.query('SELECT 1');
          return c;
        } catch (error) {
          await c.end().catch(() => undefined);
          throw error;
        }
      },
      READY_TIMEOUT_MS,
      running.exitReason,
    );
  } catch (error) {
    const log = proc?.output.slice(-4000) ?? '';
    await stop();
    throw new Error(`MariaDB did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }

  const connection = admin;
  const url = (database = '') => `mysql://${USER}:${encodeURIComponent(PASSWORD)}@${LOOPBACK}:${port}/${database}`;
  return {
    host: LOOPBACK,
    port,
    user: USER,
    password: PASSWORD,
    get pid() {
      return proc!.pid;
    },
    dataDir,
    url,
    async createDatabase() {
      const name = `perf_otel_test_${randomBytes(6).toString('hex')}`;
      await connection.query(`CREATE DATABASE ${name}`);
      return name;
    },
    async statementCounters() {
      const [rows] = await connection.query("SHOW GLOBAL STATUS WHERE Variable_name LIKE 'Com\\_%' AND Value > 0");
      return Object.fromEntries((rows as Array<{ Variable_name: string; Value: string }>).map((r) => [r.Variable_name, Number(r.Value)]));
    },
    async query(sql) {
      const [rows] = await connection.query(sql);
      return rows;
    },
    output: () => proc!.output,
    stop,
  };
}
