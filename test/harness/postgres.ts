import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { LOOPBACK } from './free-port';
import { pollUntil, portAnswers } from './poll';

export const POSTGRES_PORT = 5432;
export const POSTGRES_USER = 'postgres';
const START_TIMEOUT_MS = 30000;
const PG_CONFIG_DIR = '/etc/postgresql';

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  /** postgres://postgres@127.0.0.1:5432/postgres */
  connectionString: string;
}

export interface TempDatabase extends PostgresServer {
  database: string;
  /** Terminates its connections and drops it. Safe to call twice. */
  drop(): Promise<void>;
}

const server: PostgresServer = {
  host: LOOPBACK,
  port: POSTGRES_PORT,
  user: POSTGRES_USER,
  connectionString: `postgres://${POSTGRES_USER}@${LOOPBACK}:${POSTGRES_PORT}/postgres`,
};

function startMachineCluster(): void {
  let versions: string[];
  try {
    versions = readdirSync(PG_CONFIG_DIR);
  } catch {
    throw new Error(`PostgreSQL is not running on ${LOOPBACK}:${POSTGRES_PORT} and not installed (no ${PG_CONFIG_DIR}): apt-get install postgresql`);
  }
  if (versions.length === 0) throw new Error(`PostgreSQL is not running and ${PG_CONFIG_DIR} has no cluster: create one with pg_createcluster`);
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start'], { stdio: 'pipe' });
}

/**
 * The machine's PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth). Starts the machine's cluster when
 * nothing listens there and we are root; otherwise throws saying how to start it.
 */
export async function ensurePostgres(): Promise<PostgresServer> {
  if (await portAnswers(POSTGRES_PORT)) return server;
  if (process.getuid?.() !== 0) {
    throw new Error(`PostgreSQL is not running on ${LOOPBACK}:${POSTGRES_PORT}: start it (sudo pg_ctlcluster <version> main start) and rerun`);
  }
  startMachineCluster();
  await pollUntil(`PostgreSQL on ${LOOPBACK}:${POSTGRES_PORT}`, async () => ((await portAnswers(POSTGRES_PORT)) ? true : undefined), START_TIMEOUT_MS);
  return server;
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: server.connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database for one test (name perf_otel_test_<random>); drop() removes it. */
export async function createTempDatabase(): Promise<TempDatabase> {
  await ensurePostgres();
  const database = `perf_otel_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${database}`));
  let dropped = false;
  return {
    ...server,
    database,
    connectionString: `postgres://${POSTGRES_USER}@${LOOPBACK}:${POSTGRES_PORT}/${database}`,
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) ends connections a test's pool left open (PostgreSQL 13+).
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}
