// How many iterations of the realistic handler's CPU work take about 1 ms on this machine, measured
// once per run in a bare child on the app CPU, so that every configuration does the same work.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { APPS_DIR } from './paths.mjs';
import { pinnedCommand } from './pinning.mjs';

const run = promisify(execFile);

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
  const [cmd, args] = pinnedCommand(pinning, 'app', process.execPath, ['-e', PROBE]);
  const { stdout } = await run(cmd, args, { timeout: 60000 });
  const { msPer } = JSON.parse(stdout);
  return Math.max(1, Math.round(targetMs / msPer));
}
