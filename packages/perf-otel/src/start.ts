// start(): the whole distribution behind one call. Never throws into the app: a failure to start
// is one clear log line and the app runs on without metrics.
import { diag, metrics, type Meter } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { resolveConfig, type EffectiveConfig } from './config/resolve-config';
import { heapLimitWarning } from './container/heap-limit-check';
import { openCgroup } from './container/open-cgroup';
import { loadCustomMetrics, viewsFor } from './custom-metrics/custom-metrics-file';
import type { DropSource } from './export/readers';
import { installInstrumentations } from './instrumentations';
import { slowQueryRecordsProblem } from './db/slow-query-records';
import { installLifecycle } from './lifecycle';
import { Logger } from './log';
import { FastMetricProducer } from './metric-store/fast-metric-producer';
import { buildResource } from './resource';
import { ATTR_PERF_OTEL_EXPORTER, METRIC_PERF_OTEL_EXPORTER_DROPPED } from './semconv';
import { startupLine } from './startup-line';
import { TenantContext } from './tenant/tenant-context';
import type { PerfOtelHandle, PerfOtelOptions } from './types';
import { VERSION } from './version';
import { WindowClock } from './window-clock';
import { SnapshotReader, ThreadMetrics } from './workers/thread-metrics';
import { perThreadConfig, startThreadPipeline } from './workers/thread-pipeline';
import { markRoot, threadRole, type ThreadRole } from './workers/thread-role';

const SCOPE = '@org/perf-otel';
const NOOP: PerfOtelHandle = { shutdown: async () => {}, forceFlush: async () => {} };
let running: PerfOtelHandle | undefined;

export function start(options: PerfOtelOptions = {}): PerfOtelHandle {
  if (running !== undefined) return running;
  const warnings: string[] = [];
  const config = resolveConfig(options, process.env, (m) => warnings.push(m));
  const log = new Logger(config.logLevel);
  // A Worker under the same configuration as its root thread: the root has said all this once.
  const role = threadRole();
  const quiet = role.repeatsRoot && Object.keys(options).length === 0;
  if (!quiet) for (const w of warnings) log.warn(w);
  if (!config.enabled) {
    if (!quiet) log.info('perf-otel is turned off (PERF_OTEL_ENABLED=false or OTEL_SDK_DISABLED=true): nothing is instrumented or exported.');
    if (!role.worker) markRoot(role, false);
    return NOOP;
  }
  try {
    running = startEnabled(config, role, log);
    return running;
  } catch (err) {
    log.error(`perf-otel could not start (${(err as Error)?.message ?? String(err)}); the app runs without metrics.`);
    return NOOP;
  }
}

/**
 * Flushes and stops the running distribution (the one `register` started, too). For apps that end
 * with `process.exit()`, which leaves no time for an asynchronous flush: `await shutdown()` first.
 */
export async function shutdown(): Promise<void> {
  await running?.shutdown();
}

function startEnabled(resolved: EffectiveConfig, role: ThreadRole, log: Logger): PerfOtelHandle {
  // In a Worker of a process whose first thread already runs perf-otel, record only (see workers/).
  const config = role.worker ? perThreadConfig(resolved) : resolved;
  const declared = config.customMetricsFile ? loadCustomMetrics(config.customMetricsFile, (m) => log.warn(m)) : [];
  diag.setLogger(log.diagLogger(), { logLevel: log.diagLevel(), suppressOverrideMessage: true });
  setGlobalErrorHandler(log.errorHandler());
  const resource = buildResource(config.serviceName, config.resourceAttributes, process.env);
  const producer = new FastMetricProducer({ name: SCOPE, version: VERSION }, config.cardinalityLimit);
  const snapshots = new SnapshotReader();
  const pipeline = startThreadPipeline(role, config, resource, new ThreadMetrics(snapshots, producer), log);
  const tenant = config.tenants.sources.length > 0 ? new TenantContext(config.tenants.sources, config.tenants.maxValues) : undefined;
  const views = viewsFor(declared, tenant?.keys ?? []);
  const provider = new MeterProvider({ resource, readers: [snapshots], views });
  // Global, so @org/perf-otel-api and libraries using @opentelemetry/api record into the same pipeline.
  metrics.setGlobalMeterProvider(provider);
  const meter = provider.getMeter(SCOPE, VERSION);
  observeDrops(meter, pipeline.drops);
  const clock = new WindowClock(config.exportIntervalMillis);
  const stops: Array<() => void> = [() => clock.stop(), () => tenant?.stop()];

  // The process's cgroup is found once; its files are read at each collection.
  const cgroup = role.worker ? undefined : openCgroup();
  const heapWarning = role.worker ? undefined : heapLimitWarning(cgroup?.memory);
  if (heapWarning) log.warn(heapWarning);

  const installed = installInstrumentations({ config, producer, meter, clock, tenant, resource, cgroup });
  const { loggerProvider } = installed;
  stops.push(...installed.stops);
  const slowRecords = slowQueryRecordsProblem(config);
  if (slowRecords) log.warn(slowRecords);

  if (config.profiling.enabled) stops.push(startProfiling(config, log));

  let stopped: Promise<void> | undefined;
  const handle: PerfOtelHandle = {
    forceFlush: async () => {
      await Promise.all([pipeline.forceFlush(), loggerProvider?.forceFlush()]);
    },
    shutdown: () => {
      stopped ??= (async () => {
        for (const s of stops) s();
        await Promise.all([pipeline.shutdown().then(() => provider.shutdown()), loggerProvider?.shutdown()]);
        // Only now: a second signal during the flush must still find our handler (and exit at once).
        uninstall();
      })();
      return stopped;
    },
  };
  // A worker has no signals and no process exit of its own: its agent sends its data on its exit.
  const uninstall = role.worker ? () => {} : installLifecycle(handle, config.shutdownTimeoutMillis, config.handleSignals, log);
  if (!role.worker) {
    markRoot(role, true);
    log.info(startupLine(config, resource));
  }
  return handle;
}

/** Self-telemetry: data an exporter had to drop is a number on a dashboard, not only a log line. */
function observeDrops(meter: Meter, drops: DropSource[]): void {
  if (drops.length === 0) return;
  meter
    .createObservableCounter(METRIC_PERF_OTEL_EXPORTER_DROPPED, {
      unit: '{point}',
      description: 'Data points an exporter dropped because its buffer was full while the backend was unreachable.',
    })
    .addCallback((r) => {
      for (const d of drops) r.observe(d.dropped(), { [ATTR_PERF_OTEL_EXPORTER]: d.exporter });
    });
}

/** The profiler package is loaded only when asked for: with profiling off it costs nothing at all. */
function startProfiling(config: EffectiveConfig, log: Logger): () => void {
  try {
    const { startProfilingControl } = require('@org/perf-otel-profiler') as typeof import('@org/perf-otel-profiler');
    const control = startProfilingControl({ ...config.profiling, log: (m: string) => log.info(m) });
    return () => {
      void control.stop();
    };
  } catch (err) {
    log.error(`profiling could not start (${(err as Error).message}); the app runs without it.`);
    return () => {};
  }
}
