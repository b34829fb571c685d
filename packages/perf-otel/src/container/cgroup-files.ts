// Parsers of the kernel's cgroup files (v2 and v1) and of the /proc files that say where the
// process's cgroups are. Pure functions of the file text, so each format is tested from fixtures.

/** One line of /proc/self/cgroup: `hierarchy-id:controllers:path` (v2 is `0::path`). */
export interface CgroupMembership {
  controllers: string[];
  path: string;
}

export function parseProcCgroup(text: string): CgroupMembership[] {
  const out: CgroupMembership[] = [];
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    out.push({ controllers: controllers === '' ? [] : controllers.split(','), path: line.slice(second + 1) });
  }
  return out;
}

/** A cgroup filesystem mount from /proc/self/mountinfo. */
export interface CgroupMount {
  version: 1 | 2;
  /** Where it is mounted, e.g. /sys/fs/cgroup or /sys/fs/cgroup/memory. */
  mountPoint: string;
  /** The cgroup the mount shows as its top (a container often sees only its own: /docker/<id>). */
  root: string;
  /** v1: the controllers of this hierarchy (from the super options, e.g. `rw,cpu,cpuacct`). */
  controllers: string[];
}

const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

export function parseMountInfo(text: string): CgroupMount[] {
  const out: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    // id parent major:minor root mount-point options [optional fields...] - fstype source super-options
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const left = line.slice(0, dash).split(' ');
    const [fsType, , superOptions = ''] = line.slice(dash + 3).split(' ');
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    out.push({
      version: fsType === 'cgroup2' ? 2 : 1,
      root: unescapeMount(left[3]),
      mountPoint: unescapeMount(left[4]),
      controllers: fsType === 'cgroup' ? superOptions.split(',').filter((o) => o !== 'rw' && o !== 'ro' && !o.includes('=')) : [],
    });
  }
  return out;
}

/** `key value` lines (cpu.stat, memory.stat, memory.events, cpuacct.stat, memory.oom_control). */
export function parseFlatKeyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const value = Number(line.slice(space + 1));
    if (Number.isFinite(value)) out.set(line.slice(0, space), value);
  }
  return out;
}

/** A CPU limit in CPUs (quota / period), or undefined for none. */
export type CpuLimit = number | undefined;

/** v2 cpu.max: `max 100000` (no limit) or `<quota> <period>` in microseconds. */
export function parseCpuMax(text: string): CpuLimit {
  const [quota, period] = text.trim().split(/\s+/);
  return cpuLimit(quota === 'max' ? -1 : Number(quota), Number(period));
}

/** v1 cpu.cfs_quota_us (-1 for no limit) and cpu.cfs_period_us. */
export function cpuLimit(quotaMicros: number, periodMicros: number): CpuLimit {
  if (!(quotaMicros > 0) || !(periodMicros > 0)) return undefined;
  return quotaMicros / periodMicros;
}

// v1 reports "no limit" as the largest page-aligned counter (9223372036854771712 with 4 KiB pages);
// anything from 2^62 up is that sentinel whatever the page size.
const V1_UNLIMITED = 2 ** 62;

/** v2 memory.max (`max` or bytes) or v1 memory.limit_in_bytes; undefined for no limit. */
export function parseMemoryLimit(text: string): number | undefined {
  const raw = text.trim();
  if (raw === 'max' || raw === '') return undefined;
  const bytes = Number(raw);
  return Number.isFinite(bytes) && bytes > 0 && bytes < V1_UNLIMITED ? bytes : undefined;
}

/** Cumulative stall time (seconds) of one PSI file (cpu.pressure, memory.pressure). */
export interface Pressure {
  some: number;
  full: number | undefined;
}

export function parsePressure(text: string): Pressure | undefined {
  let some: number | undefined;
  let full: number | undefined;
  for (const line of text.split('\n')) {
    const at = line.indexOf('total=');
    if (at < 0) continue;
    const seconds = Number(line.slice(at + 6).split(/\s/, 1)[0]) / 1e6;
    if (!Number.isFinite(seconds)) continue;
    if (line.startsWith('some ')) some = seconds;
    else if (line.startsWith('full ')) full = seconds;
  }
  return some === undefined ? undefined : { some, full };
}
