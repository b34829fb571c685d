// Drives the demo service with a weighted mix of routes and tenants from a few concurrent fetch loops.

const TEAMS = ['alpha', 'beta', 'gamma'];
const PROJECTS = ['web', 'mobile'];

/** [weight, method, path] — the hot route gets most traffic, the slow report little. */
const MIX = [
  [50, 'GET', () => '/api/products'],
  [25, 'GET', () => `/api/products/${1 + Math.floor(Math.random() * 60)}`],
  [10, 'POST', () => '/api/orders'],
  [10, 'GET', () => `/api/search?q=item${Math.floor(Math.random() * 100)}`],
];
/** The slow report is fetched by one client of its own, like a dashboard refreshing: rare but steady. */
const REPORT_PATH = '/api/reports/monthly';
const TOTAL_WEIGHT = MIX.reduce((sum, [w]) => sum + w, 0);

function pick() {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const entry of MIX) {
    r -= entry[0];
    if (r < 0) return entry;
  }
  return MIX[0];
}

const any = (list) => list[Math.floor(Math.random() * list.length)];

/** Runs for `durationMs`; resolves to { requests, byStatus }. */
export async function driveLoad({ baseUrl, durationMs, concurrency = 8 }) {
  const deadline = Date.now() + durationMs;
  const byStatus = {};
  let requests = 0;
  const worker = async (fixed) => {
    while (Date.now() < deadline) {
      const [, method, path] = fixed ?? pick();
      const headers = { 'x-team-id': any(TEAMS), 'x-project-id': any(PROJECTS), 'content-type': 'application/json' };
      try {
        const response = await fetch(`${baseUrl}${path()}`, {
          method,
          headers,
          body: method === 'POST' ? JSON.stringify({ productId: 1 + Math.floor(Math.random() * 50) }) : undefined,
        });
        await response.arrayBuffer();
        byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
      } catch {
        byStatus.failed = (byStatus.failed ?? 0) + 1;
      }
      requests++;
    }
  };
  await Promise.all([...Array.from({ length: concurrency }, () => worker()), worker([0, 'GET', () => REPORT_PATH])]);
  return { requests, byStatus };
}
