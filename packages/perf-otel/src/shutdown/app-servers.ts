// The app's listening servers, seen through Node's `net.server.listen` tracing channel (no cost per
// request or connection), so a signal-driven shutdown can stop taking new work and let requests in
// flight finish before the final collection: what those requests recorded is then in the export,
// and nothing is served after it.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Server as HttpServer } from 'node:http';
import type { Server as NetServer } from 'node:net';
import { isOwnServer } from '../http/own-servers';

const LISTEN = 'tracing:net.server.listen:asyncStart';
const IDLE_SWEEP_MS = 10;

export interface AppServers {
  /** Stops accepting connections, closes idle keep-alive ones, and resolves when every connection has ended or `ms` passed. */
  drain(ms: number): Promise<void>;
  stop(): void;
}

export function trackAppServers(): AppServers {
  const servers = new Set<NetServer>();
  const onListen = (message: unknown) => {
    const server = (message as { server?: NetServer }).server;
    if (server === undefined || servers.has(server) || isOwnServer(server as HttpServer)) return;
    servers.add(server);
    server.once('close', () => servers.delete(server));
  };
  subscribe(LISTEN, onListen);
  return {
    drain(ms) {
      const http = [...servers].filter((s) => s.listening) as Array<NetServer & Partial<HttpServer>>;
      const closing = http.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            // A request that still comes on a keep-alive connection is answered, then the connection closes.
            s.prependListener('request', (_req: unknown, res: { setHeader(name: string, value: string): void }) => res.setHeader('connection', 'close'));
          }),
      );
      if (closing.length === 0) return Promise.resolve();
      // Keep-alive connections fall idle when their request in flight is answered: close them then.
      const sweep = setInterval(() => {
        for (const s of http) s.closeIdleConnections?.();
      }, IDLE_SWEEP_MS);
      for (const s of http) s.closeIdleConnections?.();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        void Promise.all(closing).then(done);
        function done() {
          clearTimeout(timer);
          clearInterval(sweep);
          resolve();
        }
      });
    },
    stop: () => unsubscribe(LISTEN, onListen),
  };
}
