// The demo service: an Express shop on PostgreSQL with a fast hot route, a slow report, a flaky
// checkout and a CPU-heavy search. Run it under the register:
//   node --require @org/perf-otel/register test/demo/service.js   (PORT, DATABASE_URL, DB_POOL_MAX)
const express = require('express');
const pg = require('pg');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 5) });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function setUp() {
  await pool.query('CREATE TABLE IF NOT EXISTS products (id serial PRIMARY KEY, name text NOT NULL, price_cents int NOT NULL)');
  await pool.query('CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY, product_id int NOT NULL, team text, created_at timestamptz DEFAULT now())');
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM products');
  if (rows[0].n === 0) {
    for (let i = 1; i <= 50; i++) await pool.query('INSERT INTO products (name, price_cents) VALUES ($1, $2)', [`product-${i}`, 100 * i]);
  }
}

const app = express();
app.use(express.json());

app.get('/health', (req, res) => res.send('ok'));

// Fast and hot: most traffic lands here.
app.get('/api/products', async (req, res) => {
  const { rows } = await pool.query('SELECT id, name, price_cents FROM products ORDER BY id LIMIT 20');
  res.json(rows);
});

app.get('/api/products/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT id, name, price_cents FROM products WHERE id = $1', [Number(req.params.id)]);
  if (rows.length === 0) return res.status(404).json({ error: 'no such product' });
  res.json(rows[0]);
});

// Slow and rare: waits on a "remote" call, then aggregates.
app.get('/api/reports/monthly', async (req, res) => {
  await sleep(550 + Math.random() * 300);
  const { rows } = await pool.query('SELECT count(*)::int AS orders FROM orders');
  res.json(rows[0]);
});

// Flaky: every fifth checkout fails with a 500 (a "payment provider" error); counted, not random,
// so even a short run has a known share of failures.
let checkouts = 0;
app.post('/api/orders', async (req, res) => {
  if (++checkouts % 5 === 0) return res.status(500).json({ error: 'payment provider timed out' });
  const { rows } = await pool.query('INSERT INTO orders (product_id, team) VALUES ($1, $2) RETURNING id', [
    Number(req.body?.productId ?? 1),
    req.get('x-team-id') ?? null,
  ]);
  res.status(201).json(rows[0]);
});

// CPU-heavy: blocks the event loop for a few milliseconds per call.
app.get('/api/search', (req, res) => {
  const until = Date.now() + 8;
  let hash = 0;
  while (Date.now() < until) hash = (hash * 31 + 7) % 1000003;
  res.json({ q: req.query.q ?? '', hash });
});

// Started by run-demo.mjs with a pipe on stdin: when the runner dies (even by SIGKILL) the pipe
// closes and the service goes too, so no demo outlives its runner.
if (process.env.DEMO_EXIT_WITH_PARENT === '1') process.stdin.on('end', () => process.exit(0)).resume();

setUp()
  .then(() => {
    app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`demo service listening on ${process.env.PORT}`));
  })
  .catch((error) => {
    console.error(`demo service could not set up its database: ${error.message}`);
    process.exit(1);
  });
