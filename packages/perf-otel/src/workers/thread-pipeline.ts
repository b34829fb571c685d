// How a thread's metrics leave it. The root thread: every exporter reads one WorkerHub (its own data
// merged with its workers'), through a MeterProvider that holds no instruments of its own. A worker
// thread: no exporter, no port, no signal handler; its WorkerAgent hands its data to the root.
import { threadId } from 'node:worker_threads';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import type { EffectiveConfig } from '../config/resolve-config';
import { createReaders, type DropSource } from '../export/readers';
import type { Logger } from '../log';
import type { ThreadMetrics } from './thread-metrics';
import type { ThreadRole } from './thread-role';
import { WorkerAgent } from './worker-agent';
import { WorkerHub } from './worker-hub';

export interface ThreadPipeline {
  drops: DropSource[];
  forceFlush(): Promise<void>;
  /** Before the thread's own MeterProvider stops: the last collection still reads it. */
  shutdown(): Promise<void>;
}

/**
 * Host, process and container metrics describe the process: the root reports them once. Event-loop,
 * GC and heap metrics are the root thread's too: per worker they would need a thread identity,
 * which is unbounded in pools that replace their workers.
 */
export function perThreadConfig(config: EffectiveConfig): EffectiveConfig {
  return {
    ...config,
    instrumentations: new Set([...config.instrumentations].filter((i) => i !== 'host-metrics' && i !== 'runtime-node')),
    profiling: { ...config.profiling, enabled: false },
  };
}

export function startThreadPipeline(role: ThreadRole, config: EffectiveConfig, resource: Resource, local: ThreadMetrics, log: Logger): ThreadPipeline {
  if (role.worker) {
    const agent = new WorkerAgent(role, local, log);
    log.debug(`perf-otel in worker thread ${threadId}: its metrics are exported by the thread that started perf-otel first.`);
    return { drops: [], forceFlush: async () => {}, shutdown: () => agent.stop() };
  }
  const hub = new WorkerHub(role, local, log);
  const { readers, drops } = createReaders(config, [hub], log);
  const exporting = new MeterProvider({ resource, readers });
  return {
    drops,
    forceFlush: () => exporting.forceFlush(),
    shutdown: async () => {
      await exporting.shutdown();
      hub.stop();
    },
  };
}
