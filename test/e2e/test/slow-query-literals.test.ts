// A slow statement written to trip a regex sanitiser reaches the OTLP log as its shape, with none of
// its literals, for PostgreSQL and MariaDB (the statements are in fixtures/slow-tricky.js).
import { createTempDatabase, pollUntil, startMariaDb } from '../../harness';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { runInstrumented } from '../support/run-app';

const SECRETS =
  /4111|31337|alice|nested-secret|dollar-secret|unicode-secret|where-secret|exec-comment-secret|charset-secret|comment-secret|brien|DEADBEEF|1010|0x1F|1e5|\.5|0\.3|1\.5E/;

async function slowRecord(receiver: OtlpReceiver, env: Record<string, string>) {
  const app = await runInstrumented('slow-tricky.js', {
    PORT: '0',
    PERF_OTEL_DB_SLOW_QUERY_MS: '150',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    ...env,
  });
  try {
    await app.waitForLine('workload done');
    await pollUntil('the slow-query log record', async () => (receiver.logs.length > 0 ? true : undefined), 15000);
  } finally {
    await app.stop();
  }
  expect(receiver.logs).toHaveLength(1);
  const [record] = receiver.logs;
  for (const said of [record.body, ...Object.values(record.attributes)].filter((v) => typeof v === 'string')) expect(said).not.toMatch(SECRETS);
  return record.attributes['db.query.text'];
}

describe('slow-query text: no literal leaves the process', () => {
  it('PostgreSQL: E-strings, comment markers in strings, nested comments, dollar quotes, U&, B/X strings, numbers', async () => {
    const db = await createTempDatabase();
    const receiver = await startOtlpReceiver();
    try {
      expect(await slowRecord(receiver, { DATABASE_URL: db.connectionString })).toBe(
        'SELECT pg_sleep(?), ? AS a, ? AS b, ? AS c, ? AS d, ? AS e, ? AS f, ? AS g, ? AS h, ? AS i WHERE ? <> $1',
      );
    } finally {
      await receiver.stop();
      await db.drop();
    }
  });

  it('MariaDB: backslash escapes, "…" strings, # and -- comments, /*! */ executable comments, charset introducers', async () => {
    const server = await startMariaDb();
    const database = await server.createDatabase();
    const receiver = await startOtlpReceiver();
    try {
      expect(await slowRecord(receiver, { DATABASE_URL: server.url(database), SQL_DIALECT: 'mysql' })).toBe(
        // `brien -- …` is a comment where backslashes do not escape (NO_BACKSLASH_ESCAPES): it takes `AS a,` with it.
        'SELECT SLEEP(?), ? ? AS b, ? AS c, ? AS d, ? AS e, ? AS f, ? AS g, _utf8mb4? AS h FROM DUAL WHERE ? <> ?',
      );
    } finally {
      await receiver.stop();
      await server.stop();
    }
  });
});
