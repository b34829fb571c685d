import { ManagedProcess, waitForOutput, type ExitResult } from './managed-process';
import { waitForPort } from './poll';

const DEFAULT_WAIT_MS = 30000;

export interface ChildAppOptions {
  /** The app's entry file (absolute path). */
  script: string;
  /** Modules to preload with --require (CommonJS), e.g. the path of @org/perf-otel/register. */
  require?: string[];
  /** Modules to preload with --import (ESM). */
  import?: string[];
  /** Arguments after the script. */
  args?: string[];
  /** Added to the parent's environment; a value of undefined removes that variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Resolve start only once stdout or stderr contains this (string) or matches it (RegExp). */
  waitForLine?: string | RegExp;
  /** Resolve start only once 127.0.0.1:<port> accepts connections. */
  waitForPort?: number;
  /** Timeout for the waits above; default 30 s. */
  timeoutMs?: number;
  /** cgroup.procs files the app enters before node starts (a shell writes its pid, then execs node). */
  cgroupProcs?: string[];
  /** Another Node binary than the tests' own (version matrix, unsupported-version checks). */
  nodeBinary?: string;
}

export interface ChildApp {
  pid: number;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Waits until the output contains / matches `line`. Rejects if the app exits first. */
  waitForLine(line: string | RegExp, timeoutMs?: number): Promise<void>;
  waitForPort(port: number, timeoutMs?: number): Promise<void>;
  /** Sends `signal` (default SIGTERM; SIGKILL after 5 s) and resolves with exit code, signal and output. */
  stop(signal?: NodeJS.Signals): Promise<ExitResult>;
  /** Resolves when the app exits by itself. */
  exited: Promise<ExitResult>;
}

const matches = (text: string, line: string | RegExp) => (typeof line === 'string' ? text.includes(line) : line.test(text));

/** Runs `node [--require …] [--import …] script` with the same Node binary as the tests (process.execPath) unless told otherwise. */
export async function startChildApp(options: ChildAppOptions): Promise<ChildApp> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const args = [
    ...(options.require ?? []).flatMap((m) => ['--require', m]),
    ...(options.import ?? []).flatMap((m) => ['--import', m]),
    options.script,
    ...(options.args ?? []),
  ];
  // PERF_OTEL_TEST_NODE: the version matrix runs every child app on another Node (scripts/matrix.mjs).
  const node = options.nodeBinary ?? process.env.PERF_OTEL_TEST_NODE ?? process.execPath;
  const [command, argv] = options.cgroupProcs?.length
    ? ['/bin/sh', ['-c', 'for procs in $PERF_OTEL_TEST_CGROUP_PROCS; do echo $$ > "$procs" || exit 97; done; exec "$0" "$@"', node, ...args]]
    : [node, args];
  if (options.cgroupProcs?.length) env.PERF_OTEL_TEST_CGROUP_PROCS = options.cgroupProcs.join(' ');
  const proc = new ManagedProcess(`node ${options.script}`, command, argv, { env, cwd: options.cwd });

  const app: ChildApp = {
    pid: proc.pid,
    stdout: () => proc.stdout,
    stderr: () => proc.stderr,
    waitForLine: (line, timeoutMs = DEFAULT_WAIT_MS) => waitForOutput(proc, `output ${String(line)}`, () => matches(proc.output, line), timeoutMs),
    async waitForPort(port, timeoutMs = DEFAULT_WAIT_MS) {
      try {
        await waitForPort(port, timeoutMs, proc.exitReason);
      } catch (error) {
        throw new Error(`${(error as Error).message}\napp output:\n${proc.output.slice(-4000)}`, { cause: error });
      }
    },
    stop: (signal = 'SIGTERM') => proc.stop(signal),
    exited: proc.exited,
  };

  try {
    if (options.waitForLine !== undefined) await app.waitForLine(options.waitForLine, options.timeoutMs);
    if (options.waitForPort !== undefined) await app.waitForPort(options.waitForPort, options.timeoutMs);
  } catch (error) {
    await proc.stop('SIGKILL');
    throw error;
  }
  return app;
}
