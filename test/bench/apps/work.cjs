'use strict';
// The CPU part of the `realistic` handler: builds and serialises an order-like object. The runner
// calibrates BENCH_WORK_ITERATIONS once per run (about 1 ms) so every configuration does the same work.

function cpuWork(iterations, seed) {
  let out = null;
  for (let i = 0; i < iterations; i++) {
    const order = { id: seed + i, customer: `c-${seed % 97}`, lines: [] };
    for (let l = 0; l < 8; l++) order.lines.push({ sku: `sku-${(seed + l) % 13}`, qty: l + 1, price: 1.25 * l });
    out = JSON.parse(JSON.stringify(order));
  }
  return out;
}

module.exports = { cpuWork };
