/** Where a command writes: the process's streams in bin.ts, buffers in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Working directory relative paths resolve against. */
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * One `perf-otel` command. `name` is the words that select it (`slo generate`); the dispatcher
 * passes the remaining arguments. Adding a command is one module in commands/ plus one line in
 * commands/index.ts.
 */
export interface Command {
  name: string;
  summary: string;
  /** Synopsis shown by `--help`, without the leading `perf-otel`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A mistake in how the command was called: the dispatcher prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
