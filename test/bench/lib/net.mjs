// Loopback helpers: free ports and plain GETs.
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GET `url` until it answers 200 or `timeoutMs` passes; returns the body. */
export async function getWhenUp(url, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs / 2) });
      if (res.ok) return await res.text();
      last = new Error(`${url} answered ${res.status}`);
    } catch (err) {
      last = err;
    }
    await sleep(100);
  }
  throw new Error(`${url} not up after ${timeoutMs} ms: ${last?.message ?? 'no answer'}`);
}
