'use strict';
// idle-cost.mjs's app: an HTTP server nobody calls. After BENCH_SETTLE_MS it measures its own CPU
// time (process.cpuUsage) over BENCH_IDLE_MS of doing nothing, reports it, and idles until stopped.
const http = require('node:http');
const { report, listen } = require('./common.cjs');

const settleMs = Number(process.env.BENCH_SETTLE_MS || 3000);
const idleMs = Number(process.env.BENCH_IDLE_MS || 30000);

listen(http.createServer((_req, res) => res.end()));
setTimeout(() => {
  const cpu = process.cpuUsage();
  const start = performance.now();
  setTimeout(() => {
    const used = process.cpuUsage(cpu);
    report({ result: { cpuUs: used.user + used.system, userUs: used.user, systemUs: used.system, wallMs: performance.now() - start } });
  }, idleMs);
}, settleMs);
