// Nothing recorded is lost on a stop, and the process ends the way it would have without us.
//
// SIGTERM / SIGINT, when the app has no listener of its own (a listener of ours removes Node's
// default exit): the app's servers stop accepting and finish the requests in flight (up to half
// the shutdown timeout), so everything served is recorded; then the final collection and export
// (the rest of the timeout); then our listeners go and the signal is raised again, so the process
// dies by that signal exactly as the bare app would (a supervisor sees SIGTERM, not exit 143).
// A second signal meanwhile re-raises at once.
//
// When the app listens for the signal itself, it owns the shutdown: we neither close its servers nor
// exit. We export what we have at once (in case the app exits soon), and the final export comes at
// the natural end ('beforeExit'), after the app's own drain, so it counts every request served. An
// app that calls process.exit() leaves no time for an asynchronous flush: it should
// `await shutdown()` from @org/perf-otel first (README).
//
// An uncaught exception or unhandled rejection, when the app has no 'uncaughtException' listener:
// the app's servers stop accepting, the final flush (bounded by the same timeout), then the
// process dies as Node would have made it:
// exit code 1 and the same report on stderr (a rejection is raised again as one; an exception is
// reported by fatal-report.ts, or thrown again when it cannot be).
//
// A natural exit ('beforeExit') flushes too.
import { fatalReport } from './shutdown/fatal-report';
import { trackAppServers } from './shutdown/app-servers';
import { beginFinalFlush } from './export/final-flush';
import type { Logger } from './log';

export interface Stoppable {
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type Signal = (typeof SIGNALS)[number];

export function installLifecycle(sdk: Stoppable, timeoutMillis: number, handleSignals: boolean, log: Logger): () => void {
  let stopping: Promise<void> | undefined;
  const stop = (ms = timeoutMillis): Promise<void> => {
    beginFinalFlush();
    stopping ??= withTimeout(sdk.shutdown(), ms).then(
      (timedOut) => {
        if (timedOut)
          log.warn(
            `final metrics flush did not finish within ${ms} ms; exiting without it. Raise PERF_OTEL_SHUTDOWN_TIMEOUT_MS or check the exporter's backend.`,
          );
      },
      (err: unknown) => log.warn(`final metrics flush failed: ${(err as Error)?.message ?? String(err)}`),
    );
    return stopping;
  };
  const servers = handleSignals ? trackAppServers() : undefined;

  const uninstall = () => {
    process.off('beforeExit', onBeforeExit);
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('uncaughtException', onUncaught);
    servers?.stop();
  };
  const reraise = (signal: Signal) => {
    uninstall();
    process.kill(process.pid, signal);
  };

  const onBeforeExit = () => {
    void stop();
  };
  let signalled = false;
  const onSignal = (signal: Signal) => {
    if (signalled || stopping !== undefined) {
      // A second signal, or a signal while another stop flushes: no more waiting (unless the app decides).
      if (process.listenerCount(signal) === 1) reraise(signal);
      return;
    }
    signalled = true;
    if (process.listenerCount(signal) > 1) {
      void withTimeout(sdk.forceFlush(), timeoutMillis).catch(() => {});
      return;
    }
    const started = Date.now();
    void (servers?.drain(timeoutMillis / 2) ?? Promise.resolve())
      .then(() => stop(Math.max(0, timeoutMillis - (Date.now() - started))))
      .then(() => reraise(signal));
  };

  const onUncaught = (error: unknown, origin: string) => {
    // Someone else listens: the app handles its errors and goes on; so do we.
    if (process.listenerCount('uncaughtException') > 1) return;
    // The bare app would be gone already: take no new connections while the flush runs.
    void servers?.drain(0);
    void stop().then(() => {
      uninstall();
      if (origin === 'unhandledRejection') {
        void Promise.reject(error);
        return;
      }
      const report = fatalReport(error);
      if (report === undefined) throw error;
      process.stderr.write(report);
      process.exit(1);
    });
  };

  process.on('beforeExit', onBeforeExit);
  if (handleSignals) {
    for (const s of SIGNALS) process.on(s, onSignal);
    process.on('uncaughtException', onUncaught);
  }
  return uninstall;
}

/** Resolves true when the timeout won. The timer is referenced: it keeps a stopping process alive just long enough. */
function withTimeout(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve(true), ms);
    p.then(
      () => {
        clearTimeout(t);
        resolve(false);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
