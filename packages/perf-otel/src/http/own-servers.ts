// Servers perf-otel itself runs (the Prometheus scrape endpoint, the profiling control channel):
// their requests are not the app's traffic and are left out of the HTTP server metrics.
// A registered symbol on the server rather than a set of servers: the check runs on every request,
// and a property read is cheaper than a weak-set lookup. @org/perf-otel-profiler sets the same
// symbol without depending on this package.
import type { Server } from 'node:http';

const kOwnServer = Symbol.for('perf-otel.http.own-server');

export function markOwnServer(server: Server): void {
  (server as Server & { [kOwnServer]?: true })[kOwnServer] = true;
}

export function isOwnServer(server: Server): boolean {
  return (server as Server & { [kOwnServer]?: true })[kOwnServer] === true;
}
