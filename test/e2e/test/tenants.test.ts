import { createTempDatabase, type TempDatabase } from '../../harness';
import { scrape, sumOf } from '../support/prom-text';
import { runInstrumented, send } from '../support/run-app';

const HTTP = 'http_server_request_duration_seconds_count';
const DB = 'db_client_operation_duration_seconds_count';
const FEATURE = 'app_feature_usage_total';

describe('tenant segmentation (PERF_OTEL_TENANT_ATTRIBUTES)', () => {
  let db: TempDatabase;
  beforeAll(async () => {
    db = await createTempDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('puts the team on HTTP, database and custom metrics recorded while handling the request, and on withTenant() jobs', async () => {
    const app = await runInstrumented('tenant-app.js', {
      DATABASE_URL: db.connectionString,
      PERF_OTEL_TENANT_ATTRIBUTES: 'team=x-team-id,project=baggage:project.id',
    });
    try {
      const get = (team: string, project?: string) =>
        send(app.port, '/reports/7', {
          headers: { 'x-team-id': team, ...(project ? { baggage: `project.id=${project},other=1` } : {}) },
        });
      for (let i = 0; i < 3; i++) expect(await get('payments', 'checkout')).toBe(200);
      for (let i = 0; i < 2; i++) expect(await get('search')).toBe(200);
      expect(await send(app.port, '/job', { method: 'POST' })).toBe(200);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, HTTP, { http_route: '/reports/:id', tenant_team: 'payments', tenant_project: 'checkout' })).toBe(3);
      expect(sumOf(s, HTTP, { http_route: '/reports/:id', tenant_team: 'search', tenant_project: undefined })).toBe(2);
      expect(sumOf(s, DB, { db_operation_name: 'SELECT', tenant_team: 'payments' })).toBe(3);
      expect(sumOf(s, DB, { db_operation_name: 'SELECT', tenant_team: 'search' })).toBe(2);
      expect(sumOf(s, FEATURE, { app_feature_name: 'reports', tenant_team: 'payments', tenant_project: 'checkout' })).toBe(3);
      expect(sumOf(s, FEATURE, { app_feature_name: 'reports', tenant_team: 'search' })).toBe(2);
      // Background work, attributed by withTenant().
      expect(sumOf(s, DB, { tenant_team: 'batch' })).toBe(1);
      expect(sumOf(s, FEATURE, { app_feature_name: 'nightly-export', tenant_team: 'batch' })).toBe(1);
      // The job's HTTP request itself had no tenant header.
      expect(sumOf(s, HTTP, { http_route: '/job', tenant_team: undefined })).toBe(1);
    } finally {
      await app.stop();
    }
  });

  it('never labels by user id unless enabled, and then hashed and capped', async () => {
    const users = (app: { port: number }, count: number) =>
      Promise.all(
        Array.from({ length: 20 }, async (_, batch) => {
          for (let i = 0; i < count / 20; i++)
            await send(app.port, '/reports/1', { headers: { 'x-team-id': 'core', 'x-user-id': `user-${batch * (count / 20) + i}@example.com` } });
        }),
      );
    const off = await runInstrumented('tenant-app.js', {
      DATABASE_URL: db.connectionString,
      PERF_OTEL_TENANT_ATTRIBUTES: 'team=x-team-id,user=x-user-id',
    });
    try {
      expect(off.stderr()).toContain(
        'PERF_OTEL_TENANT_ATTRIBUTES entry "user=x-user-id": user-level segmentation is off; ignoring it. Set PERF_OTEL_TENANT_USER_ENABLED=true',
      );
      // 10 000 distinct user ids: no label, one series.
      await users(off, 10000);
      const s = await scrape(off.metricsPort);
      expect(s.some((x) => 'tenant_user' in x.labels || /example\.com/.test(JSON.stringify(x.labels)))).toBe(false);
      expect(sumOf(s, HTTP, { tenant_team: 'core' })).toBe(10000);
      expect(s.filter((x) => x.name === HTTP)).toHaveLength(1);
    } finally {
      await off.stop();
    }

    const on = await runInstrumented('tenant-app.js', {
      DATABASE_URL: db.connectionString,
      PERF_OTEL_TENANT_ATTRIBUTES: 'team=x-team-id,user=x-user-id',
      PERF_OTEL_TENANT_USER_ENABLED: 'true',
      PERF_OTEL_TENANT_MAX_VALUES: '50',
    });
    try {
      await users(on, 500);
      const s = await scrape(on.metricsPort);
      const series = s.filter((x) => x.name === HTTP);
      const userValues = new Set(series.map((x) => x.labels.tenant_user));
      // 50 hashed ids plus `_other` for the remaining 450 users: bounded, and no raw id anywhere.
      expect(userValues.size).toBe(51);
      expect(userValues.has('_other')).toBe(true);
      expect([...userValues].every((v) => v === '_other' || /^[0-9a-f]{16}$/.test(v))).toBe(true);
      expect(JSON.stringify(s)).not.toContain('example.com');
      expect(sumOf(s, HTTP, { tenant_user: '_other' })).toBe(450);
      expect(sumOf(s, HTTP)).toBe(500);
    } finally {
      await on.stop();
    }
  });
});
