import { connect } from 'node:net';
import { describeDown, TargetDownError } from './target-down-error';

const PROBE_TIMEOUT_MS = 3000;

/**
 * Checks the target accepts TCP connections before any load is sent. A TCP connect rather than an
 * HTTP request, so the probe never appears in the server's request counts for the run.
 */
export async function probeTarget(target: string): Promise<void> {
  const url = new URL(target);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: url.hostname, port, timeout: PROBE_TIMEOUT_MS });
    const fail = (code: string) => {
      socket.destroy();
      reject(new TargetDownError(describeDown(target, code, 'before the first stage')));
    };
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('timeout', () => fail(`no answer within ${PROBE_TIMEOUT_MS} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}
