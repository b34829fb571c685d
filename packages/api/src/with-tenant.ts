import type { Attributes, Meter, MetricOptions } from '@opentelemetry/api';

// Tenant segmentation for work that is not an HTTP request (jobs, queue consumers): everything
// recorded inside `fn` carries the tenant attributes the distribution is configured to keep
// (PERF_OTEL_TENANT_ATTRIBUTES). Without the distribution it just runs `fn`.

/** The distribution publishes its tenant context under this global symbol. */
const HOOK = Symbol.for('perf-otel.tenant.hook');

interface TenantHook {
  run<T>(tenant: Record<string, unknown>, fn: () => T): T;
  /** The tenant attributes of the work in progress, or undefined outside any tenant. */
  attributes(): Attributes | undefined;
}

function hook(): TenantHook | undefined {
  return (globalThis as Record<symbol, TenantHook | undefined>)[HOOK];
}

/** `withTenant({ team: 'payments' }, () => processJob(job))`; keys are the names used in PERF_OTEL_TENANT_ATTRIBUTES. */
export function withTenant<T>(tenant: Readonly<Record<string, string | number | undefined>>, fn: () => T): T {
  const h = hook();
  return h === undefined ? fn() : h.run(tenant, fn);
}

type Recorder = { add?(v: number, a?: Attributes): void; record?(v: number, a?: Attributes): void };

/**
 * The meter our synchronous instruments are made from: with the distribution's tenant segmentation
 * on, every add/record made while handling a tenant's work carries its tenant attributes. Without
 * it, the meter itself (no cost).
 */
export function tenantAware(meter: Meter): Meter {
  const h = hook();
  if (h === undefined) return meter;
  const enrich = <T extends Recorder>(instrument: T): T => {
    const method = typeof instrument.add === 'function' ? 'add' : 'record';
    const original = (instrument[method] as (v: number, a?: Attributes) => void).bind(instrument);
    return Object.assign(Object.create(instrument) as T, {
      [method]: (value: number, attributes?: Attributes) => {
        const tenant = h.attributes();
        original(value, tenant === undefined ? attributes : { ...attributes, ...tenant });
      },
    });
  };
  return Object.assign(Object.create(meter) as Meter, {
    createCounter: (n: string, o?: MetricOptions) => enrich(meter.createCounter(n, o)),
    createUpDownCounter: (n: string, o?: MetricOptions) => enrich(meter.createUpDownCounter(n, o)),
    createHistogram: (n: string, o?: MetricOptions) => enrich(meter.createHistogram(n, o)),
    createGauge: (n: string, o?: MetricOptions) => enrich(meter.createGauge(n, o)),
  });
}
