// A fixture app run to its "workload done {…}" line against a fresh MariaDB database, with what the
// app exported and what the server counted meanwhile.
import { startMariaDb, type RunningMariaDb } from '../../harness';
import { counterDiff } from './mariadb-counters';
import { scrape, type Sample } from './prom-text';
import { runInstrumented, type InstrumentedApp } from './run-app';

export interface MariaDbRun<T> {
  server: RunningMariaDb;
  database: string;
  app: InstrumentedApp;
  /** The app's Prometheus samples, and the raw exposition text. */
  s: Sample[];
  text: string;
  /** The server's Com_* counters over the run (see counterDiff). */
  wire: Record<string, number>;
  /** The JSON the fixture printed after "workload done". */
  done: T;
}

/** Starts MariaDB and the fixture in beforeAll, stops both in afterAll; the run is filled in before the tests. */
export function runAgainstMariaDb<T>(fixture: string): MariaDbRun<T> {
  const run = {} as MariaDbRun<T>;
  beforeAll(async () => {
    run.server = await startMariaDb();
    run.database = await run.server.createDatabase();
    const before = await run.server.statementCounters();
    run.app = await runInstrumented(fixture, { DATABASE_URL: run.server.url(run.database), PORT: '0' });
    await run.app.waitForLine(/workload done \{.*\}/);
    run.done = JSON.parse(/workload done (\{.*\})/.exec(run.app.stdout())![1]) as T;
    run.wire = counterDiff(before, await run.server.statementCounters());
    run.text = await (await fetch(`http://127.0.0.1:${run.app.metricsPort}/metrics`)).text();
    run.s = await scrape(run.app.metricsPort);
  });
  afterAll(async () => {
    await run.app?.stop();
    await run.server?.stop();
  });
  return run;
}
