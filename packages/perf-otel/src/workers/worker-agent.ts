// A worker thread's side: it exports nothing and opens no port. When the root asks, it sends its
// cumulative data; when it ends (its code ran out, process.exit() in the worker, or the parent's
// worker.terminate(), which asks first), it sends its last data so that nothing it counted is lost.
import { BroadcastChannel, threadId } from 'node:worker_threads';
import type { ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { Logger } from '../log';
import { answerChannel, requestChannel, type Answer, type Request } from './messages';
import type { ThreadMetrics } from './thread-metrics';
import type { ThreadRole } from './thread-role';
import { WorkerWatch } from './worker-watch';

export class WorkerAgent {
  private readonly requests: BroadcastChannel;
  private readonly watch: WorkerWatch;
  private readonly wait = Atomics.wait;
  private sentProgress = 0;
  /** The root heard this worker awake (hello, an answer) since it last said it sleeps: it would wait for an answer. */
  private answeredAwake = true; // its hello, too
  private stopped = false;
  // Once: were a collection to schedule work (an observable callback awaiting I/O), 'beforeExit'
  // would come back after it, again and again, and the thread would never end.
  private readonly onBeforeExit = () => {
    process.off('beforeExit', this.onBeforeExit);
    void this.local.collect().catch(() => {});
  };
  // Synchronous only: the SDK part as of the last collection, the fast instruments fresh.
  private readonly onExit = () => this.sendFinal(this.local.collectSync());

  constructor(
    private readonly role: ThreadRole,
    private readonly local: ThreadMetrics,
    private readonly log: Logger,
  ) {
    this.requests = new BroadcastChannel(requestChannel(role.channel));
    this.requests.unref();
    this.requests.onmessage = (e) => this.onRequest((e as { data: Request }).data);
    this.watch = new WorkerWatch(
      (thread) => this.requests.postMessage({ kind: 'final', thread } satisfies Request),
      (thread) => this.answer({ kind: 'exited', thread }),
    );
    // A worker whose code ran out gets a last full collection before its synchronous exit.
    process.on('beforeExit', this.onBeforeExit);
    process.on('exit', this.onExit);
    // Pools such as Piscina (atomics: 'sync', its default) park idle workers in Atomics.wait, where
    // they hear no request: such a worker sends what it recorded as it goes to sleep.
    const wait = this.wait as (...args: unknown[]) => ReturnType<typeof Atomics.wait>;
    Atomics.wait = ((...args: unknown[]) => {
      this.beforeSleep();
      return wait.apply(Atomics, args);
    }) as typeof Atomics.wait;
    this.requests.postMessage({ kind: 'hello', thread: threadId } satisfies Request);
  }

  /** The app's own shutdown() in the worker: a full final collection, then silence. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    const scopes = await this.local.collect().then(
      (s) => (s.newest ? s.scopes : this.local.collectSync()),
      () => this.local.collectSync(),
    );
    this.sendFinal(scopes);
  }

  private onRequest(message: Request): void {
    switch (message.kind) {
      case 'collect':
        this.local.collect().then(
          ({ scopes, newest }) => {
            // A newer answer already went out, and it answered this round too.
            if (!newest || this.stopped) return;
            this.answeredAwake = true;
            this.answer({ kind: 'snapshot', thread: threadId, round: message.round, final: false, scopes });
          },
          (err: unknown) => this.log.debug(`worker thread ${threadId} could not collect its metrics: ${(err as Error)?.message ?? String(err)}`),
        );
        return;
      case 'final':
        if (message.thread !== threadId) return;
        // Already stopped: the final data went out then; the parent need not wait.
        void this.stop().then(() => this.requests.postMessage({ kind: 'final-sent', thread: threadId } satisfies Request));
        return;
      case 'hello':
        this.watch.hello(message.thread);
        return;
      case 'final-sent':
        this.watch.finalSent(message.thread);
    }
  }

  /** Only when there is news (the fast instruments recorded something, or the root thinks it awake): else O(series), no clone. */
  private beforeSleep(): void {
    const progress = this.local.progress();
    if (this.stopped || (progress === this.sentProgress && !this.answeredAwake)) return;
    this.sentProgress = progress;
    this.answeredAwake = false;
    this.answer({ kind: 'snapshot', thread: threadId, round: -1, final: false, asleep: true, scopes: this.local.collectSync() });
  }

  private sendFinal(scopes: ScopeMetrics[]): void {
    if (this.stopped) return;
    this.answer({ kind: 'snapshot', thread: threadId, round: -1, final: true, scopes });
    this.stopped = true;
    process.off('beforeExit', this.onBeforeExit);
    process.off('exit', this.onExit);
    if (Atomics.wait !== this.wait) Atomics.wait = this.wait;
    this.watch.stop();
  }

  /** A channel per message: an open one would also receive the other workers' answers. */
  private answer(message: Answer): void {
    const channel = new BroadcastChannel(answerChannel(this.role.channel));
    channel.postMessage(message);
    channel.close();
  }
}
