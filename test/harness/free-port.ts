import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

// Ports are drawn below Linux's ephemeral range (32768-60999 by default), which the OS hands out to
// every outgoing connection and listen(0): a port it picked for us could be handed to someone else's
// connection before our server binds it (seen as EADDRINUSE in Collector and Prometheus starts
// while the suite ran next to other work). A random draw keeps parallel test workers apart.
const FIRST = 20000;
const SPAN = 12000;
const ATTEMPTS = 50;
// Ports handed out by this process: a caller may not have bound the last one yet.
const handedOut = new Set<number>();

function tryListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
  });
}

/** A TCP port that was free on 127.0.0.1 a moment ago, outside the range the OS hands out itself. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const port = FIRST + Math.floor(Math.random() * SPAN);
    if (handedOut.has(port) || !(await tryListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`freePort: no free port among ${ATTEMPTS} tries in ${FIRST}-${FIRST + SPAN - 1} on ${LOOPBACK}`);
}
