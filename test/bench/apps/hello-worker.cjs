'use strict';
// `node:http` hello world served from a worker thread (the main thread only hosts it), for
// `run.mjs --app test/bench/apps/hello-worker.cjs --app-path /`: what perf-otel costs an app whose
// server runs in a Worker, next to the same app bare.
const http = require('node:http');
const { Worker, isMainThread } = require('node:worker_threads');

if (isMainThread) {
  new Worker(__filename);
} else {
  const body = 'hello world\n';
  const headers = { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) };
  http
    .createServer((req, res) => {
      res.writeHead(200, headers);
      res.end(body);
    })
    .listen(Number(process.env.PORT), '127.0.0.1');
}
