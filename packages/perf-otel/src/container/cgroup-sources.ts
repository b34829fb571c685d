// Readings of one cgroup's CPU and memory files, v2 and v1 behind the same two interfaces. Every
// method reads a few small kernel files synchronously and is called at collection time only.
import { readFileSync } from 'node:fs';
import { cpuLimit, parseCpuMax, parseFlatKeyed, parseMemoryLimit, parsePressure, type CpuLimit, type Pressure } from './cgroup-files';

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Seconds of CPU by mode, and the precise total the utilisation is computed from. */
export interface CpuTimes {
  user: number;
  system: number;
  total: number;
}
export interface Throttling {
  periods: number;
  throttledPeriods: number;
  throttledSeconds: number;
}
export interface MemoryFigures {
  usage: number;
  workingSet: number;
  rss: number | undefined;
}
export interface MemoryEvents {
  oomKills: number | undefined;
  limitReached: number | undefined;
}

export interface CpuSource {
  times(): CpuTimes | undefined;
  /** The tightest quota of the cgroup and its visible ancestors, in CPUs. */
  limit(): CpuLimit;
  throttling(): Throttling | undefined;
  pressure(): Pressure | undefined;
}

export interface MemorySource {
  figures(): MemoryFigures | undefined;
  /** The tightest limit of the cgroup and its visible ancestors, in bytes. */
  limit(): number | undefined;
  /** The file the limit came from, for messages. */
  limitFile(): string;
  events(): MemoryEvents;
  pressure(): Pressure | undefined;
}

function smallest(values: Array<number | undefined>): number | undefined {
  let out: number | undefined;
  for (const v of values) if (v !== undefined && (out === undefined || v < out)) out = v;
  return out;
}

const flat = (path: string) => {
  const text = readText(path);
  return text === undefined ? undefined : parseFlatKeyed(text);
};

const pressureOf = (path: string) => {
  const text = readText(path);
  return text === undefined ? undefined : parsePressure(text);
};

/** Working set as the kubelet and cAdvisor count it: usage minus inactive file cache. */
const workingSet = (usage: number, inactiveFile: number | undefined) => Math.max(0, usage - (inactiveFile ?? 0));

/** cgroup v2: `dirs` is the process's cgroup first, then its ancestors up to the mount. */
export class CpuV2 implements CpuSource {
  constructor(private readonly dirs: readonly string[]) {}

  times(): CpuTimes | undefined {
    const s = flat(`${this.dirs[0]}/cpu.stat`);
    const usage = s?.get('usage_usec');
    if (s === undefined || usage === undefined) return undefined;
    return { user: (s.get('user_usec') ?? 0) / 1e6, system: (s.get('system_usec') ?? 0) / 1e6, total: usage / 1e6 };
  }

  limit(): CpuLimit {
    return smallest(
      this.dirs.map((d) => {
        const text = readText(`${d}/cpu.max`);
        return text === undefined ? undefined : parseCpuMax(text);
      }),
    );
  }

  throttling(): Throttling | undefined {
    const s = flat(`${this.dirs[0]}/cpu.stat`);
    const periods = s?.get('nr_periods');
    if (s === undefined || periods === undefined) return undefined;
    return { periods, throttledPeriods: s.get('nr_throttled') ?? 0, throttledSeconds: (s.get('throttled_usec') ?? 0) / 1e6 };
  }

  pressure(): Pressure | undefined {
    return pressureOf(`${this.dirs[0]}/cpu.pressure`);
  }
}

export class MemoryV2 implements MemorySource {
  constructor(private readonly dirs: readonly string[]) {}

  figures(): MemoryFigures | undefined {
    const usage = Number(readText(`${this.dirs[0]}/memory.current`) ?? NaN);
    if (!Number.isFinite(usage)) return undefined;
    const stat = flat(`${this.dirs[0]}/memory.stat`);
    return { usage, workingSet: workingSet(usage, stat?.get('inactive_file')), rss: stat?.get('anon') };
  }

  limit(): number | undefined {
    return smallest(
      this.dirs.map((d) => {
        const text = readText(`${d}/memory.max`);
        return text === undefined ? undefined : parseMemoryLimit(text);
      }),
    );
  }

  limitFile(): string {
    return `${this.dirs[0]}/memory.max`;
  }

  events(): MemoryEvents {
    // memory.events counts the subtree too: kills of a worker's sub-cgroup are this container's.
    const e = flat(`${this.dirs[0]}/memory.events`);
    return { oomKills: e?.get('oom_kill'), limitReached: e?.get('max') };
  }

  pressure(): Pressure | undefined {
    return pressureOf(`${this.dirs[0]}/memory.pressure`);
  }
}

// cpuacct.stat counts in USER_HZ, 100 on every Linux we target.
const USER_HZ = 100;

/** cgroup v1: accounting (cpuacct) and quota (cpu) may be separate hierarchies; no PSI per cgroup. */
export class CpuV1 implements CpuSource {
  constructor(
    private readonly cpuacctDir: string | undefined,
    private readonly cpuDirs: readonly string[],
  ) {}

  times(): CpuTimes | undefined {
    if (this.cpuacctDir === undefined) return undefined;
    const totalNs = Number(readText(`${this.cpuacctDir}/cpuacct.usage`) ?? NaN);
    const s = flat(`${this.cpuacctDir}/cpuacct.stat`);
    if (!Number.isFinite(totalNs) || s === undefined) return undefined;
    return { user: (s.get('user') ?? 0) / USER_HZ, system: (s.get('system') ?? 0) / USER_HZ, total: totalNs / 1e9 };
  }

  limit(): CpuLimit {
    return smallest(this.cpuDirs.map((d) => cpuLimit(Number(readText(`${d}/cpu.cfs_quota_us`) ?? NaN), Number(readText(`${d}/cpu.cfs_period_us`) ?? NaN))));
  }

  throttling(): Throttling | undefined {
    if (this.cpuDirs.length === 0) return undefined;
    const s = flat(`${this.cpuDirs[0]}/cpu.stat`);
    const periods = s?.get('nr_periods');
    if (s === undefined || periods === undefined) return undefined;
    return { periods, throttledPeriods: s.get('nr_throttled') ?? 0, throttledSeconds: (s.get('throttled_time') ?? 0) / 1e9 };
  }

  pressure(): Pressure | undefined {
    return undefined;
  }
}

export class MemoryV1 implements MemorySource {
  constructor(private readonly dir: string) {}

  figures(): MemoryFigures | undefined {
    const usage = Number(readText(`${this.dir}/memory.usage_in_bytes`) ?? NaN);
    if (!Number.isFinite(usage)) return undefined;
    const stat = flat(`${this.dir}/memory.stat`);
    return { usage, workingSet: workingSet(usage, stat?.get('total_inactive_file')), rss: stat?.get('total_rss') };
  }

  limit(): number | undefined {
    // hierarchical_memory_limit already is the tightest of this cgroup and its ancestors.
    const hierarchical = flat(`${this.dir}/memory.stat`)?.get('hierarchical_memory_limit');
    if (hierarchical !== undefined) return parseMemoryLimit(String(hierarchical));
    const own = readText(`${this.dir}/memory.limit_in_bytes`);
    return own === undefined ? undefined : parseMemoryLimit(own);
  }

  limitFile(): string {
    return `${this.dir}/memory.limit_in_bytes`;
  }

  events(): MemoryEvents {
    const failcnt = Number(readText(`${this.dir}/memory.failcnt`) ?? NaN);
    return { oomKills: flat(`${this.dir}/memory.oom_control`)?.get('oom_kill'), limitReached: Number.isFinite(failcnt) ? failcnt : undefined };
  }

  pressure(): Pressure | undefined {
    return undefined;
  }
}
