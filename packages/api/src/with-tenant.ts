// Tenant segmentation for work that is not an HTTP request (jobs, queue consumers): everything
// recorded inside `fn` carries the tenant attributes the distribution is configured to keep
// (PERF_OTEL_TENANT_ATTRIBUTES). Without the distribution it just runs `fn`.

/** The distribution publishes its tenant context under this global symbol. */
const HOOK = Symbol.for('perf-otel.tenant.hook');

interface TenantHook { run<T>(tenant: Record<string, unknown>, fn: () => T): T }

/** `withTenant({ team: 'payments' }, () => processJob(job))`; keys are the names used in PERF_OTEL_TENANT_ATTRIBUTES. */
export function withTenant<T>(tenant: Readonly<Record<string, string | number | undefined>>, fn: () => T): T {
  const hook = (globalThis as Record<symbol, TenantHook | undefined>)[HOOK];
  return hook === undefined ? fn() : hook.run(tenant, fn);
}
