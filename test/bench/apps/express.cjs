'use strict';
// Scenario `express`: an Express app with a parameterised route.
const express = require('express');
const { counters, listen } = require('./common.cjs');
const metrics = require('./prom.cjs').metricsFor('http');

const app = express();
app.get('/api/items/:id', (req, res) => {
  const start = metrics ? performance.now() : 0;
  res.json({ id: req.params.id, name: 'item', price: 12.5 });
  counters.served++;
  if (metrics) metrics.record({ method: req.method, route: '/api/items/:id', status_code: 200 }, start);
});
listen(require('node:http').createServer(app));
