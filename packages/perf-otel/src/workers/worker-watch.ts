// Watches the Workers this thread starts (Node's `worker_threads` diagnostics channel): their exit
// is reported, and `worker.terminate()` first asks the worker for its last data, because a
// terminated thread runs no exit handler. A worker that does not answer within FINAL_WAIT_MS
// (busy in a long synchronous task) is terminated anyway: its data since the last collection is lost.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Worker } from 'node:worker_threads';

const FINAL_WAIT_MS = 500;

export class WorkerWatch {
  /** This thread's live Workers; true once one said hello (runs perf-otel): only those are asked for final data. */
  private readonly children = new Map<number, boolean>();
  private readonly finals = new Map<number, () => void>();
  private readonly onWorker = (message: unknown) => this.watch((message as { worker: Worker }).worker);

  constructor(
    private readonly askFinal: (thread: number) => void,
    private readonly exited: (thread: number) => void,
    /** The thread's data is known to be current (it went to sleep after sending it): no need to ask. */
    private readonly current: (thread: number) => boolean = () => false,
  ) {
    subscribe('worker_threads', this.onWorker);
  }

  hello(thread: number): void {
    if (this.children.has(thread)) this.children.set(thread, true);
  }

  finalSent(thread: number): void {
    this.finals.get(thread)?.();
  }

  stop(): void {
    unsubscribe('worker_threads', this.onWorker);
  }

  private watch(worker: Worker): void {
    // threadId reads -1 once the worker is gone: keep it now.
    const thread = worker.threadId;
    this.children.set(thread, false);
    worker.once('exit', () => {
      this.children.delete(thread);
      this.exited(thread);
    });
    const terminate = worker.terminate;
    // An own property, so only this Worker changes and no prototype is patched.
    worker.terminate = (...args: unknown[]) => this.final(thread).then(() => (terminate as (...a: unknown[]) => Promise<number>).apply(worker, args));
  }

  private final(thread: number): Promise<void> {
    if (this.children.get(thread) !== true || this.current(thread)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.finals.delete(thread);
        resolve();
      };
      const timer = setTimeout(done, FINAL_WAIT_MS);
      this.finals.set(thread, done);
      this.askFinal(thread);
    });
  }
}
