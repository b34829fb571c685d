// Libraries use this package without knowing whether the app runs an SDK: with none, every helper
// must work as a silent no-op (same return values, same errors, no output, no global registered).
import { metrics } from '@opentelemetry/api';
import {
  activeUsersEstimate,
  businessEvent,
  counter,
  eventsProcessed,
  featureUsed,
  gauge,
  healthReport,
  histogram,
  observableGauge,
  queue,
  registerHealthCheck,
  timed,
  trackActiveUser,
  upDownCounter,
} from '../src/index';

describe('with no SDK registered', () => {
  const output = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => jest.spyOn(console, method));
  const warnings = jest.spyOn(process, 'emitWarning');

  afterAll(() => jest.restoreAllMocks());

  it('every helper is a silent no-op', async () => {
    expect(metrics.getMeterProvider().constructor.name).toBe('NoopMeterProvider');

    expect(timed('noop.sync', (a: number) => a * 2)(21)).toBe(42);
    await expect(timed('noop.async', async () => 'ok')()).resolves.toBe('ok');
    const failure = new Error('still thrown');
    expect(() =>
      timed('noop.throw', () => {
        throw failure;
      })(),
    ).toThrow(failure);

    counter('noop.counter').add();
    upDownCounter('noop.updown').add(-1);
    histogram('noop.histogram', { unit: 's' }).record(0.1);
    gauge('noop.gauge').record(3);
    observableGauge('noop.observable', (result) => result.observe(1)).stop();
    featureUsed('noop.feature');
    businessEvent('noop.event', 10);
    eventsProcessed('noop.events', 3);
    const jobs = queue('noop.queue');
    jobs.enqueued(2);
    jobs.dequeued(0.5);
    jobs.size(() => 1);
    for (let i = 0; i < 100; i++) trackActiveUser(`user-${i}`);
    expect(activeUsersEstimate().current).toBe(100);

    // Checks still run (healthReport serves /health with or without metrics).
    const check = registerHealthCheck('noop.check', () => true, { intervalMs: 0 });
    await expect(check.runNow()).resolves.toMatchObject({ healthy: true });
    expect(healthReport().healthy).toBe(true);
    check.stop();

    for (const spy of output) expect(spy).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
    expect(metrics.getMeterProvider().constructor.name).toBe('NoopMeterProvider');
  });
});
