// Nothing recorded is lost on a normal stop: SIGTERM/SIGINT and a natural exit flush first.
// A listener for SIGTERM removes Node's default exit, so when the app has no handler of its own we
// exit ourselves afterwards, with the conventional 128+signal status. A second signal exits at once.
import { constants } from 'node:os';
import type { Logger } from './log';

export interface Stoppable { shutdown(): Promise<void> }

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function installLifecycle(sdk: Stoppable, timeoutMillis: number, handleSignals: boolean, log: Logger): () => void {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= withTimeout(sdk.shutdown(), timeoutMillis).then((timedOut) => {
      if (timedOut) log.warn(`final metrics flush did not finish within ${timeoutMillis} ms; exiting without it. Raise PERF_OTEL_SHUTDOWN_TIMEOUT_MS or check the exporter's backend.`);
    }, (err: unknown) => log.warn(`final metrics flush failed: ${(err as Error)?.message ?? String(err)}`));
    return stopping;
  };

  const onBeforeExit = () => { void stop(); };
  const onSignal = (signal: (typeof SIGNALS)[number]) => {
    const code = 128 + constants.signals[signal];
    if (stopping !== undefined) process.exit(code);
    // Other listeners mean the app shuts itself down: flush, but leave the exit to it.
    const appHandles = process.listenerCount(signal) > 1;
    void stop().then(() => { if (!appHandles) process.exit(code); });
  };

  process.on('beforeExit', onBeforeExit);
  if (handleSignals) for (const s of SIGNALS) process.on(s, onSignal);
  return () => {
    process.off('beforeExit', onBeforeExit);
    for (const s of SIGNALS) process.off(s, onSignal);
  };
}

/** Resolves true when the timeout won. The timer is referenced: it keeps a stopping process alive just long enough. */
function withTimeout(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve(true), ms);
    p.then(() => { clearTimeout(t); resolve(false); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}
