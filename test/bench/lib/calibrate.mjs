// How many iterations of the realistic handler's CPU work take about 1 ms on this machine, measured
// once per run in a bare child on the app CPU, so that every configuration does the same work.
import { join } from 'node:path';
import { APPS_DIR } from './paths.mjs';
import { nodeJson } from './node-child.mjs';

const PROBE = `
const { cpuWork } = require(${JSON.stringify(join(APPS_DIR, 'work.cjs'))});
const n = 200;
for (let i = 0; i < 5; i++) cpuWork(n, i);
const times = [];
for (let i = 0; i < 15; i++) { const t = performance.now(); cpuWork(n, i); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(JSON.stringify({ msPer: times[7] / n }));
`;

export async function calibrateWork(pinning, targetMs = 1) {
  const { msPer } = await nodeJson(pinning, ['-e', PROBE], { timeoutMs: 60000 });
  return Math.max(1, Math.round(targetMs / msPer));
}
