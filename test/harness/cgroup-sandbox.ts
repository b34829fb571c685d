// Real cgroups with real limits for tests: a "container" the test creates under /sys/fs/cgroup,
// which a child app enters before node starts (startChildApp's `cgroupProcs`). Needs root and a
// writable hierarchy; otherwise it says why, and the test skips with that reason.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type CgroupFlavour = 'v2' | 'v1' | 'v2-no-controllers';

export interface CgroupLimits {
  /** CFS quota and period in microseconds, e.g. 20000/100000 = 0.2 CPU. */
  cpuQuotaMicros: number;
  cpuPeriodMicros: number;
  memoryBytes: number;
}

export interface CgroupSandbox {
  flavour: CgroupFlavour;
  /** The leaf cgroup's name: 64 hex digits, the shape of a container id. */
  id: string;
  /** The cgroup.procs files a process writes its pid to, one per hierarchy. */
  procs: string[];
  /** The file the memory limit was written to (what perf-otel's heap warning names); none for v2-no-controllers. */
  memoryLimitFile: string | undefined;
  /** Removes the cgroups (their processes must have exited). */
  remove(): void;
}

export type SandboxResult = { sandbox: CgroupSandbox } | { skip: string };

interface Mount {
  version: 1 | 2;
  mountPoint: string;
  controllers: string[];
}

function cgroupMounts(): Mount[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .flatMap((line) => {
      const dash = line.indexOf(' - ');
      if (dash < 0) return [];
      const [fsType, , superOptions = ''] = line.slice(dash + 3).split(' ');
      if (fsType !== 'cgroup' && fsType !== 'cgroup2') return [];
      return [
        { version: fsType === 'cgroup2' ? (2 as const) : (1 as const), mountPoint: line.slice(0, dash).split(' ')[4], controllers: superOptions.split(',') },
      ];
    });
}

/** This (the test) process's own cgroup path in the hierarchy holding `controller` (v2: ''). */
function ownPath(controller: string): string | undefined {
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, path] = line.split(/:(.*?):/);
    if (path !== undefined && (controller === '' ? controllers === '' : controllers.split(',').includes(controller))) return path;
  }
  return undefined;
}

const read = (path: string) => readFileSync(path, 'utf8').trim();
// One parent per test process, so parallel test files never remove each other's.
const PARENT = `perf-otel-test-${process.pid}`;

/** Makes <base>/perf-otel-test/<id>, returns the leaf and a remover. */
function makeLeaf(base: string, id: string): { dir: string; remove: () => void } {
  const parent = join(base, PARENT);
  if (!existsSync(parent)) mkdirSync(parent);
  const dir = join(parent, id);
  mkdirSync(dir);
  return {
    dir,
    remove: () => {
      try {
        rmdirSync(dir);
      } catch {
        /* still has a process: the kernel frees it when it exits */
      }
      try {
        rmdirSync(parent);
      } catch {
        /* another test's leaf is still there */
      }
    },
  };
}

function attempt(flavour: CgroupFlavour, limits: CgroupLimits, make: (id: string) => CgroupSandbox): SandboxResult {
  if (process.getuid?.() !== 0)
    return { skip: `cgroup ${flavour} test needs root to create cgroups under /sys/fs/cgroup (running as uid ${process.getuid?.()})` };
  const id = randomBytes(32).toString('hex');
  try {
    return { sandbox: make(id) };
  } catch (error) {
    return {
      skip: `cgroup ${flavour}: could not create a cgroup with cpu ${limits.cpuQuotaMicros}/${limits.cpuPeriodMicros} and memory ${limits.memoryBytes}: ${(error as Error).message}`,
    };
  }
}

/**
 * A cgroup with the given CPU and memory limits in the hierarchy `flavour` names:
 * - `v2`: a cgroup2 mount offering the cpu and memory controllers;
 * - `v1`: the cpu, cpuacct and memory v1 hierarchies (nested under this process's own cgroups, so
 *   whatever limits the machine puts on the tests still hold);
 * - `v2-no-controllers`: a cgroup2 mount on a hybrid host whose cpu and memory controllers are bound
 *   to v1: CPU time and pressure only, no limits.
 */
export function createCgroupSandbox(flavour: CgroupFlavour, limits: CgroupLimits): SandboxResult {
  const mounts = cgroupMounts();
  const v2 = mounts.find((m) => m.version === 2);
  if (flavour === 'v2' || flavour === 'v2-no-controllers') {
    if (!v2) return { skip: `no cgroup2 filesystem is mounted (mount | grep cgroup shows only: ${mounts.map((m) => m.mountPoint).join(', ') || 'none'})` };
    const available = read(join(v2.mountPoint, 'cgroup.controllers')).split(' ');
    const hasControllers = available.includes('cpu') && available.includes('memory');
    if (flavour === 'v2' && !hasControllers) {
      return {
        skip: `the cgroup2 mount ${v2.mountPoint} lacks the cpu and memory controllers (they are bound to cgroup v1 hierarchies on this host; it offers: ${available.join(' ') || 'none'})`,
      };
    }
    if (flavour === 'v2-no-controllers' && hasControllers)
      return { skip: `the cgroup2 mount ${v2.mountPoint} has the cpu and memory controllers: the v2 test covers it` };
    return attempt(flavour, limits, (id) => {
      if (flavour === 'v2') writeFileSync(join(v2.mountPoint, 'cgroup.subtree_control'), '+cpu +memory');
      const parent = join(v2.mountPoint, PARENT);
      if (!existsSync(parent)) mkdirSync(parent);
      if (flavour === 'v2') writeFileSync(join(parent, 'cgroup.subtree_control'), '+cpu +memory');
      const leaf = makeLeaf(v2.mountPoint, id);
      if (flavour === 'v2') {
        writeFileSync(join(leaf.dir, 'cpu.max'), `${limits.cpuQuotaMicros} ${limits.cpuPeriodMicros}`);
        writeFileSync(join(leaf.dir, 'memory.max'), String(limits.memoryBytes));
      }
      return {
        flavour,
        id,
        procs: [join(leaf.dir, 'cgroup.procs')],
        memoryLimitFile: flavour === 'v2' ? join(leaf.dir, 'memory.max') : undefined,
        remove: leaf.remove,
      };
    });
  }
  const mountOf = (controller: string) => mounts.find((m) => m.version === 1 && m.controllers.includes(controller));
  const [cpu, cpuacct, memory] = [mountOf('cpu'), mountOf('cpuacct'), mountOf('memory')];
  if (!cpu || !cpuacct || !memory) return { skip: 'no cgroup v1 cpu, cpuacct and memory hierarchies are mounted' };
  return attempt(flavour, limits, (id) => {
    const leaves = [...new Set([cpu, cpuacct, memory])].map((m) =>
      makeLeaf(join(m.mountPoint, ownPath(m.controllers.find((c) => ['cpu', 'cpuacct', 'memory'].includes(c))!) ?? '/'), id),
    );
    const leafOf = (m: Mount) => leaves[[...new Set([cpu, cpuacct, memory])].indexOf(m)].dir;
    writeFileSync(join(leafOf(cpu), 'cpu.cfs_period_us'), String(limits.cpuPeriodMicros));
    writeFileSync(join(leafOf(cpu), 'cpu.cfs_quota_us'), String(limits.cpuQuotaMicros));
    writeFileSync(join(leafOf(memory), 'memory.limit_in_bytes'), String(limits.memoryBytes));
    return {
      flavour,
      id,
      procs: leaves.map((l) => join(l.dir, 'cgroup.procs')),
      memoryLimitFile: join(leafOf(memory), 'memory.limit_in_bytes'),
      remove: () => leaves.forEach((l) => l.remove()),
    };
  });
}
