// The root thread's side: the one MetricProducer every exporter of the process reads. At each
// collection it asks its workers for their cumulative data (one broadcast, one answer per worker),
// and merges it with its own into the series a single thread would have produced. Nothing runs per
// request; the cost is one message per worker per collection.
import { BroadcastChannel } from 'node:worker_threads';
import type { CollectionResult, MetricProducer, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { emptyResource } from '@opentelemetry/resources';
import type { Logger } from '../log';
import { answerChannel, requestChannel, type Answer, type Request } from './messages';
import { cumulativeOnly, mergeScopeMetrics } from './merge-metrics';
import type { ThreadMetrics } from './thread-metrics';
import type { ThreadRole } from './thread-role';
import { WorkerWatch } from './worker-watch';

// A worker busy in a long synchronous task cannot answer: its previous data stands in (cumulative,
// so only late, never wrong), and it is not waited for again until it answers. Generous, because on
// a loaded machine a healthy worker may take a few hundred ms to be scheduled, and one that has not
// answered yet has no previous data.
const ANSWER_WAIT_MS = 1000;
// An exited worker's last messages may still be queued behind its exit event.
const FOLD_DELAY_MS = 1000;
// Exited threads whose late messages are ignored; thread ids are never reused.
const MAX_FOLDED_IDS = 1000;

/** `asleep`: blocked in Atomics.wait with its data sent; neither collections nor terminate() wait for it. */
interface WorkerState {
  scopes: ScopeMetrics[];
  answering: boolean;
  asleep: boolean;
}
interface Round {
  waiting: Set<number>;
  done: () => void;
}

export class WorkerHub implements MetricProducer {
  private readonly workers = new Map<number, WorkerState>();
  /** What exited workers counted (monotonic sums and histograms): it keeps counting after they are gone. */
  private retained: ScopeMetrics[] = [];
  private readonly folded = new Set<number>();
  private readonly rounds = new Map<number, Round>();
  private round = 0;
  private readonly requests: BroadcastChannel;
  private readonly answers: BroadcastChannel;
  private readonly watch: WorkerWatch;
  private readonly warn: (message: string) => void;

  constructor(
    role: ThreadRole,
    private readonly local: ThreadMetrics,
    log: Logger,
  ) {
    this.warn = (m) => log.warn(m);
    this.requests = new BroadcastChannel(requestChannel(role.channel));
    this.answers = new BroadcastChannel(answerChannel(role.channel));
    // Neither channel may keep the process alive.
    this.requests.unref();
    this.answers.unref();
    this.requests.onmessage = (e) => this.onRequest((e as { data: Request }).data);
    this.answers.onmessage = (e) => this.onAnswer((e as { data: Answer }).data);
    this.watch = new WorkerWatch(
      (thread) => this.post({ kind: 'final', thread }),
      (thread) => this.exited(thread),
      (thread) => this.workers.get(thread)?.asleep === true,
    );
  }

  async collect(): Promise<CollectionResult> {
    const [mine, theirs] = await Promise.all([this.local.collect(), this.collectWorkers()]);
    return {
      resourceMetrics: { resource: emptyResource(), scopeMetrics: mergeScopeMetrics([mine.scopes, this.retained, ...theirs], this.warn) },
      errors: mine.errors,
    };
  }

  stop(): void {
    this.watch.stop();
    this.requests.close();
    this.answers.close();
    for (const r of this.rounds.values()) r.done();
  }

  private async collectWorkers(): Promise<ScopeMetrics[][]> {
    const round = ++this.round;
    const waiting = new Set<number>();
    for (const [thread, w] of this.workers) if (w.answering) waiting.add(thread);
    this.post({ kind: 'collect', round });
    if (waiting.size > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.rounds.delete(round);
          resolve();
        };
        const timer = setTimeout(done, ANSWER_WAIT_MS);
        this.rounds.set(round, { waiting, done });
      });
      for (const thread of waiting) {
        const w = this.workers.get(thread);
        if (w) w.answering = false;
      }
    }
    return [...this.workers.values()].map((w) => w.scopes);
  }

  private onRequest(message: Request): void {
    if (message.kind === 'hello') {
      this.watch.hello(message.thread);
      if (!this.folded.has(message.thread) && !this.workers.has(message.thread)) {
        this.workers.set(message.thread, { scopes: [], answering: true, asleep: false });
      }
    } else if (message.kind === 'final-sent') {
      this.watch.finalSent(message.thread);
    }
  }

  private onAnswer(message: Answer): void {
    if (message.kind === 'exited') {
      this.exited(message.thread);
      return;
    }
    if (message.kind !== 'snapshot' || this.folded.has(message.thread)) return;
    const asleep = message.asleep === true;
    this.workers.set(message.thread, { scopes: message.scopes, answering: !message.final && !asleep, asleep });
    // Its newest data answers every round still waiting for it.
    this.stopWaitingFor(message.thread);
    if (message.final) this.fold(message.thread);
  }

  private exited(thread: number): void {
    // Gone: no collection waits for it; its last data stands until it is folded.
    const w = this.workers.get(thread);
    if (w !== undefined) w.answering = false;
    this.stopWaitingFor(thread);
    setTimeout(() => this.fold(thread), FOLD_DELAY_MS).unref();
  }

  /** The worker is gone: what it counted joins the retained base, and its later messages are ignored. */
  private fold(thread: number): void {
    if (this.folded.has(thread)) return;
    this.folded.add(thread);
    const w = this.workers.get(thread);
    this.workers.delete(thread);
    if (w !== undefined) this.retained = mergeScopeMetrics([this.retained, cumulativeOnly(w.scopes)], this.warn);
    if (this.folded.size > MAX_FOLDED_IDS) this.folded.delete(this.folded.values().next().value as number);
    this.stopWaitingFor(thread);
  }

  private stopWaitingFor(thread: number): void {
    for (const r of this.rounds.values()) {
      if (r.waiting.delete(thread) && r.waiting.size === 0) r.done();
    }
  }

  private post(message: Request): void {
    this.requests.postMessage(message);
  }
}
