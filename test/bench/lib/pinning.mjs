// Which CPU the app gets and which the load generator gets: `taskset` when present and this process
// may use at least two CPUs, else both unpinned (and the report says so).
import { execFileSync } from 'node:child_process';

function affinityList() {
  const out = execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' });
  const list = out.split(':').pop().trim();
  return list.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

export function detectPinning() {
  let cpus;
  try {
    cpus = affinityList();
  } catch {
    return { pinned: false, note: 'taskset not available: app and load generator unpinned' };
  }
  if (cpus.length < 2) return { pinned: false, note: `only CPU ${cpus.join(',')} available: unpinned` };
  return { pinned: true, app: cpus[0], load: cpus[1], note: `app on CPU ${cpus[0]}, load generator on CPU ${cpus[1]} (taskset); PostgreSQL unpinned` };
}

/** [command, args] running `command args` on `cpu` when pinned. */
export function pinnedCommand(pinning, role, command, args) {
  return pinning.pinned ? ['taskset', ['-c', String(pinning[role]), command, ...args]] : [command, args];
}
