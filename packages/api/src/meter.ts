// The meter of the global MeterProvider, re-read on use. The OpenTelemetry metrics API has no proxy:
// an instrument made before the SDK registers stays a no-op forever. Libraries define their metrics
// at import, often before the SDK starts, so instruments here bind lazily and rebind when the global
// provider changes (one global lookup and an identity check per recording).
import { metrics, type Meter, type MeterProvider } from '@opentelemetry/api';
import { METER_NAME } from './semconv';
import { tenantAware } from './with-tenant';

let boundProvider: MeterProvider | undefined;
let boundMeter: Meter | undefined;
const binders = new Set<(meter: Meter) => void>();

/** The meter of the current global provider; when the provider changed, rebinds every observable first. */
export function currentMeter(): Meter {
  const provider = metrics.getMeterProvider();
  if (provider !== boundProvider || boundMeter === undefined) {
    boundProvider = provider;
    const meter = tenantAware(provider.getMeter(METER_NAME));
    boundMeter = meter;
    for (const bind of binders) bind(meter);
  }
  return boundMeter;
}

/** Runs `bind` with the current meter now and again with every later one (observable instruments). */
export function onEveryMeter(bind: (meter: Meter) => void): void {
  const meter = currentMeter(); // first, so a provider change it notices does not bind `bind` twice
  binders.add(bind);
  bind(meter);
}

/**
 * Binds every instrument of this package to the global MeterProvider registered now. Only needed when
 * an SDK starts after instruments were defined and no metric has been recorded since: recording rebinds
 * by itself, but observable gauges (queue size, health status, active users) have nothing to trigger it.
 */
export function rebindToGlobalMeterProvider(): void {
  currentMeter();
}

/** An instrument created on first use from the current meter, and again whenever the meter changes. */
export class Bound<T> {
  private meter: Meter | undefined;
  private instrument: T | undefined;

  constructor(private readonly create: (meter: Meter) => T) {}

  get(): T {
    const meter = currentMeter();
    if (meter !== this.meter || this.instrument === undefined) {
      this.instrument = this.create(meter);
      this.meter = meter;
    }
    return this.instrument;
  }
}
