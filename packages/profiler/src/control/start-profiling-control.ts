// The control channel as the distribution starts it: an HTTP endpoint and a signal handler sharing
// one recorder. Loaded only when PERF_OTEL_PROFILING_ENABLED=true; never throws into the app.
import type { Server } from 'node:http';
import { bindHost, httpAddress, isLoopback } from './bind-address';
import { createControlServer } from './control-server';
import { ExclusiveRecorder } from './exclusive-recorder';
import { MAX_SECONDS } from './seconds-param';
import { installSignalTrigger } from './signal-trigger';

export interface ProfilingControlOptions {
  host: string;
  port: number;
  token: string | undefined;
  signal: NodeJS.Signals | undefined;
  outputDir: string | undefined;
  signalSeconds: number;
  log: (message: string) => void;
}

export interface ProfilingControl {
  /** `http://host:port` once listening; undefined when the endpoint did not start. */
  address(): Promise<string | undefined>;
  stop(): Promise<void>;
}

export function startProfilingControl(options: ProfilingControlOptions): ProfilingControl {
  const recorder = new ExclusiveRecorder();
  const { log } = options;
  let removeSignal = () => {};
  try {
    if (options.signal !== undefined) removeSignal = installSignalTrigger({ ...options, signal: options.signal }, recorder);
  } catch (error) {
    log(`profiling: no ${options.signal} handler (${(error as Error).message})`);
  }
  const server = listen(options, recorder);
  const address = server.then((s) => (s === undefined ? undefined : addressOf(s)));
  return {
    address: () => address,
    async stop() {
      removeSignal();
      recorder.abort();
      const s = await server;
      if (s === undefined) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

async function listen(options: ProfilingControlOptions, recorder: ExclusiveRecorder): Promise<Server | undefined> {
  const { log } = options;
  const host = bindHost(options.host);
  const hasToken = options.token !== undefined && options.token !== '';
  if (!isLoopback(host) && !hasToken) {
    log(
      `profiling: endpoint not started: PERF_OTEL_PROFILING_HOST=${options.host} is reachable from other machines and ` +
        'PERF_OTEL_PROFILING_TOKEN is not set; set a token, or leave the host at localhost',
    );
    return undefined;
  }
  try {
    const server = createControlServer(options.token, options.host, recorder, log);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        // An error after listening (a broken socket) is logged, never thrown into the app.
        server.on('error', (error) => log(`profiling: endpoint error: ${error.message}`));
        resolve();
      });
    });
    const signal =
      options.signal === undefined ? '' : `; ${options.signal} writes a ${options.signalSeconds} s CPU profile to ${options.outputDir ?? 'the temp dir'}`;
    log(
      `profiling: endpoint on ${addressOf(server)} (POST /profile/cpu|heap?seconds=N up to ${MAX_SECONDS}, POST /snapshot/heap, GET /status` +
        `${hasToken ? ', bearer token required' : ''})${signal}`,
    );
    return server;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const fix = code === 'EADDRINUSE' ? '; set PERF_OTEL_PROFILING_PORT to a free port' : '';
    log(`profiling: endpoint not started: cannot listen on ${host}:${options.port} (${code ?? (error as Error).message})${fix}`);
    return undefined;
  }
}

function addressOf(server: Server): string | undefined {
  const a = server.address();
  return a === null || typeof a === 'string' ? undefined : httpAddress(a.address, a.port);
}
