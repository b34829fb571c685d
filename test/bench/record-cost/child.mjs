// One subject of record-cost.mjs in its own process (run with --expose-gc): ns per record with 4
// attributes, heap per active series, and heap after many distinct attribute sets. Prints JSON.
import { SUBJECTS } from './subjects.mjs';

const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** 16 hot series, cycled, as a busy service's few endpoints. */
const HOT = [];
for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
  for (const [status, route] of [[200, '/api/items/:id'], [201, '/api/items'], [404, '/api/users/:id'], [500, '/health']]) HOT.push([method, status, route, 'http']);
}

function nsPerRecord(make) {
  const h = make();
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      const a = HOT[i & 15];
      h.record((i % 1000) / 10000, a[0], a[1], a[2], a[3]);
    }
  };
  run(300_000);
  const n = 1_000_000;
  const times = [];
  for (let rep = 0; rep < 5; rep++) {
    const t = process.hrtime.bigint();
    run(n);
    times.push(Number(process.hrtime.bigint() - t) / n);
  }
  return median(times);
}

/** Heap growth after `n` distinct routes (created up front when `preallocate`) and one collection. */
async function heapAfter(make, limit, n, preallocate) {
  globalThis.keep = null; // the previous measurement's instrument is not counted against this one
  const routes = preallocate ? Array.from({ length: n }, (_, i) => `/api/r${i}`) : null;
  const before = heap();
  const h = make(limit);
  for (let i = 0; i < n; i++) h.record(0.01, 'GET', 200, routes ? routes[i] : `/api/r${i}`, 'http');
  const series = await h.collect();
  const bytes = heap() - before;
  globalThis.keep = [h, routes]; // alive until measured
  return { bytes, series };
}

const name = process.argv[2];
const make = await SUBJECTS[name]();
if (typeof make === 'string') {
  console.log(JSON.stringify({ skipped: make }));
} else {
  const ns = nsPerRecord(make);
  // Per active series: a limit above 10 000 so every series is real; route strings exist beforehand
  // (an app's routes exist anyway), so only the instrument's own memory is counted.
  const active = await heapAfter(make, 20_000, 10_000, true);
  // Distinct attribute sets beyond the default limit: should overflow into one series, not grow.
  const at10k = await heapAfter(make, undefined, 10_000, false);
  const at100k = await heapAfter(make, undefined, 100_000, false);
  console.log(JSON.stringify({
    ...(make.where ? { from: make.where } : {}), nsPerRecord: ns, bytesPerSeries: active.bytes / active.series, activeSeries: active.series,
    heap10k: at10k.bytes, series10k: at10k.series, heap100k: at100k.bytes, series100k: at100k.series,
  }));
}
