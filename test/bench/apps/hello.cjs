'use strict';
// Scenario `hello`: node:http hello world.
const http = require('node:http');
const { counters, listen } = require('./common.cjs');
const metrics = require('./prom.cjs').metricsFor('http');

const body = 'hello world\n';
const headers = { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) };

listen(
  http.createServer((req, res) => {
    const start = metrics ? performance.now() : 0;
    res.writeHead(200, headers);
    res.end(body);
    counters.served++;
    if (metrics) metrics.record({ method: req.method, route: '/', status_code: 200 }, start);
  }),
);
