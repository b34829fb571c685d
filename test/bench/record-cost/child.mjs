// One phase of one subject of record-cost.mjs, in its own process (with --expose-gc): ns per record
// with 4 attributes, heap per active series, or heap after many distinct attribute sets. Prints JSON.
import { SUBJECTS } from './subjects.mjs';

const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** 16 hot series, cycled, as a busy service's few endpoints. */
const HOT = [];
for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
  for (const [status, route] of [
    [200, '/api/items/:id'],
    [201, '/api/items'],
    [404, '/api/users/:id'],
    [500, '/health'],
  ])
    HOT.push([method, status, route, 'http']);
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
  const routes = preallocate ? Array.from({ length: n }, (_, i) => `/api/r${i}`) : null;
  const before = heap();
  const h = make(limit);
  for (let i = 0; i < n; i++) h.record(0.01, 'GET', 200, routes ? routes[i] : `/api/r${i}`, 'http');
  const series = await h.collect();
  const bytes = heap() - before;
  globalThis.keep = [h, routes]; // alive until measured
  return { bytes, series };
}

// One phase per process: an instrument of an earlier phase can stay reachable (e.g. from inline
// caches) and would make the next phase's heap delta meaningless.
const PHASES = {
  ns: async (make) => ({ nsPerRecord: nsPerRecord(make) }),
  // Per active series: a limit above 10 000 so every series is real; route strings exist beforehand
  // (an app's routes exist anyway), so only the instrument's own memory is counted.
  active: async (make) => {
    const r = await heapAfter(make, 20_000, 10_000, true);
    return { bytesPerSeries: r.bytes / r.series, activeSeries: r.series };
  },
  // Distinct attribute sets beyond the default limit: should overflow into one series, not grow.
  '10k': async (make) => {
    const r = await heapAfter(make, undefined, 10_000, false);
    return { heap10k: r.bytes, series10k: r.series };
  },
  '100k': async (make) => {
    const r = await heapAfter(make, undefined, 100_000, false);
    return { heap100k: r.bytes, series100k: r.series };
  },
};

const [name, phase] = process.argv.slice(2);
const make = await SUBJECTS[name]();
console.log(JSON.stringify(typeof make === 'string' ? { skipped: make } : { ...(make.where ? { from: make.where } : {}), ...(await PHASES[phase](make)) }));
