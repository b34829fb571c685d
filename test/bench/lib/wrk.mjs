// wrk, lua-free: `wrk -t1 -cN -dD --latency URL`, pinned to the load CPU when possible.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { pinnedCommand } from './pinning.mjs';

const run = promisify(execFile);

const UNIT_MS = { us: 0.001, ms: 1, s: 1000, m: 60000 };

function toMs(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) throw new Error(`wrk latency "${text}" not understood`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** The numbers the benchmark uses from wrk's `--latency` output. */
export function parseWrk(out) {
  const num = (re) => {
    const m = re.exec(out);
    return m ? Number(m[1]) : null;
  };
  const p99 = /^\s*99%\s+(\S+)/m.exec(out);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const result = {
    requestsPerSec: num(/^Requests\/sec:\s+([\d.]+)/m),
    completed: num(/^\s*(\d+) requests in /m),
    p99Ms: p99 ? toMs(p99[1]) : null,
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/) ?? 0,
    socketErrors: socket
      ? socket
          .slice(1)
          .map(Number)
          .reduce((a, b) => a + b, 0)
      : 0,
  };
  if (result.requestsPerSec === null || result.completed === null || result.p99Ms === null) {
    throw new Error(`wrk output not understood:\n${out}`);
  }
  return result;
}

// Every configuration gets the same tenant header; only perf-otel-tenants maps it to an attribute,
// so its row shows what tenant segmentation costs per request.
export const TENANT_HEADER = ['x-team-id', 'payments'];

/** Fails before any round when wrk is missing, instead of once per measurement. */
export function requireWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk --version exits 1 after printing its version: only a missing binary is an error.
    if (err.code !== 'ENOENT') return;
    console.error('wrk not found: install it (apt-get install wrk, or `node scripts/ensure-system-deps.mjs` as root) and run the bench again.');
    process.exit(2);
  }
}

export async function runWrk({ url, durationMs, connections, pinning }) {
  const seconds = Math.max(1, Math.round(durationMs / 1000));
  const [cmd, args] = pinnedCommand(pinning, 'load', 'wrk', [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    '--latency',
    '-H',
    `${TENANT_HEADER[0]}: ${TENANT_HEADER[1]}`,
    url,
  ]);
  const { stdout } = await run(cmd, args, { timeout: durationMs + 30000 });
  return parseWrk(stdout);
}
