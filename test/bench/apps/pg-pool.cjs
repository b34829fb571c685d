'use strict';
// The pg.Pool the pg-backed apps share: the machine's PostgreSQL, or BENCH_PG_URL.
const { Pool } = require('pg');

function createPool(max) {
  const connectionString = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  return new Pool({ connectionString, max });
}

module.exports = { createPool };
