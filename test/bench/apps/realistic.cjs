'use strict';
// Scenario `realistic`: Express, about 1 ms of CPU work, one pg query and a JSON body per request.
const express = require('express');
const { counters, listen } = require('./common.cjs');
const { cpuWork } = require('./work.cjs');
const { createPool } = require('./pg-pool.cjs');
const metrics = require('./prom.cjs').metricsFor('http');

const iterations = Number(process.env.BENCH_WORK_ITERATIONS || 100);
const pool = createPool(10);

const app = express();
app.get('/api/orders/:id', async (req, res, next) => {
  const start = metrics ? performance.now() : 0;
  try {
    const id = Number(req.params.id);
    const order = cpuWork(iterations, id);
    counters.queries++;
    const { rows } = await pool.query('SELECT $1::int AS id, $2::text AS status', [id, 'shipped']);
    res.json({ ...order, status: rows[0].status });
    counters.served++;
    if (metrics) metrics.record({ method: req.method, route: '/api/orders/:id', status_code: 200 }, start);
  } catch (err) {
    next(err);
  }
});

// Connect once before saying ready, so the first measured requests do not pay for it.
pool.query('SELECT 1').then(() => listen(require('node:http').createServer(app)));
