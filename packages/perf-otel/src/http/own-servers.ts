// Servers perf-otel itself runs (the Prometheus scrape endpoint): their requests are not the app's
// traffic and are left out of the HTTP server metrics.
import type { Server } from 'node:http';

export const ownServers = new WeakSet<Server>();
