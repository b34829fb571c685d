import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';

/** How long a process gets after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 5000;
/** Output kept per stream: enough to explain a failure, bounded so chatty servers do not grow memory. */
const MAX_OUTPUT_CHARS = 1_000_000;

export interface ExitResult {
  /** Exit code, or null when the process was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// Everything the harness started and has not seen exit: killed if the test process exits early,
// so no server outlives the test run even when a test forgets stop(). The exit listener is there only
// while something runs (jest loads this module once per test file into the same process).
const running = new Set<ChildProcess>();
const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
function track(child: ChildProcess): void {
  if (running.size === 0) process.on('exit', killAll);
  running.add(child);
}
function untrack(child: ChildProcess): void {
  running.delete(child);
  if (running.size === 0) process.off('exit', killAll);
}

/** A child process whose output is collected and which is stopped by its PID. */
export class ManagedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<ExitResult>;
  private out = '';
  private err = '';
  private listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    options: SpawnOptions = {},
  ) {
    this.child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    track(this.child);
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.append('out', chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.append('err', chunk));
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        untrack(this.child);
        resolve({ code, signal, stdout: this.out, stderr: this.err });
        this.notify();
      };
      this.child.once('error', (error) => {
        this.append('err', `${name}: could not start ${command}: ${error.message}\n`);
        finish(null, null);
      });
      this.child.once('close', finish);
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no PID: it did not start (${this.err.trim()})`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  /** For pollUntil's giveUp: why waiting on this process is pointless, or undefined while it runs. */
  readonly exitReason = (): string | undefined =>
    this.running ? undefined : `${this.name} exited (code ${this.child.exitCode}, signal ${this.child.signalCode})`;

  get stdout(): string {
    return this.out;
  }
  get stderr(): string {
    return this.err;
  }
  get output(): string {
    return this.out + this.err;
  }

  /** Sends a signal by PID (e.g. SIGSTOP/SIGCONT to simulate a hung server). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) process.kill(this.pid, signal);
  }

  /** Calls `listener` on every new chunk of output and on exit; returns a function that unsubscribes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends `signal` (default SIGTERM), then SIGKILL after a grace period; resolves with the exit result. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = KILL_GRACE_MS): Promise<ExitResult> {
    if (this.running) {
      // A stopped (SIGSTOP) process cannot act on SIGTERM until it is continued.
      process.kill(this.pid, 'SIGCONT');
      process.kill(this.pid, signal);
      const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }

  private append(stream: 'out' | 'err', chunk: string): void {
    if (stream === 'out') this.out = (this.out + chunk).slice(-MAX_OUTPUT_CHARS);
    else this.err = (this.err + chunk).slice(-MAX_OUTPUT_CHARS);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Resolves once `predicate(process)` holds, checked on every output chunk; rejects on exit or timeout. */
export async function waitForOutput(proc: ManagedProcess, what: string, predicate: () => boolean, timeoutMs: number): Promise<void> {
  if (predicate()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
    const unsubscribe = proc.onChange(() => {
      if (predicate()) {
        cleanup();
        resolve();
      } else if (!proc.running) {
        fail(`it exited (code ${proc.child.exitCode}, signal ${proc.child.signalCode})`);
      }
    });
    function cleanup() {
      clearTimeout(timer);
      unsubscribe();
    }
    function fail(why: string) {
      cleanup();
      reject(new Error(`${proc.name}: waiting for ${what}: ${why}. Output:\n${proc.output.slice(-4000)}`));
    }
  });
}

/** Throws a one-line message naming the Debian package when a server binary the harness needs is missing. */
export function requireBinary(path: string, debianPackage: string): void {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: install it with \`apt-get install ${debianPackage}\` (npm test's pretest does this when run as root)`);
  }
}
