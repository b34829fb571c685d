import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { LOOPBACK } from './free-port';

const POLL_INTERVAL_MS = 100;

/**
 * Calls `probe` until it returns something other than undefined, and returns that.
 * Throws after `timeoutMs` with `what` and the last error, so a failing test says what it waited for.
 * `giveUp` returning a reason stops the wait early (e.g. the process being waited on has exited).
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  giveUp: () => string | undefined = () => undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = giveUp();
    if (reason !== undefined) throw new Error(`gave up waiting for ${what}: ${reason}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await delay(POLL_INTERVAL_MS);
  }
}

/** Resolves true when something accepts a TCP connection on host:port, false otherwise. */
export function portAnswers(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Waits until host:port accepts TCP connections. */
export async function waitForPort(port: number, timeoutMs = 15000, giveUp?: () => string | undefined): Promise<void> {
  await pollUntil(`${LOOPBACK}:${port} to accept connections`, async () => ((await portAnswers(port)) ? true : undefined), timeoutMs, giveUp);
}

/** Resolves when GET url answers with a 2xx status. */
export async function waitForHttpOk(url: string, timeoutMs: number, giveUp?: () => string | undefined): Promise<void> {
  await pollUntil(
    `${url} to answer 2xx`,
    async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return true;
    },
    timeoutMs,
    giveUp,
  );
}
