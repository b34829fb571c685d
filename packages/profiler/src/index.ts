// Contract with the distribution (packages/perf-otel/src/start.ts); implemented by the profiler work.
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
  address(): Promise<string | undefined>;
  stop(): Promise<void>;
}

export function startProfilingControl(options: ProfilingControlOptions): ProfilingControl {
  options.log('profiling control is not implemented yet');
  return { address: async () => undefined, stop: async () => {} };
}
