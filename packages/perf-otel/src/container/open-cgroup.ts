// Finds the cgroup the process runs in and picks, per resource, the hierarchy that really accounts
// for it: on hybrid hosts cpu and memory are often bound to v1 while v2 holds only the rest. The
// root cgroup is the whole machine, not a container: there nothing is reported.
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { parseMountInfo, parseProcCgroup, type CgroupMembership, type CgroupMount } from './cgroup-files';
import { CpuV1, CpuV2, MemoryV1, MemoryV2, readText, type CpuSource, type MemorySource } from './cgroup-sources';

export interface ProcessCgroup {
  cpu: CpuSource | undefined;
  memory: MemorySource | undefined;
}

export interface OpenCgroupOptions {
  /** Where the host's / is (`/` normally; a fixture tree, or a host filesystem mounted elsewhere). */
  root?: string;
}

/** The process's cgroup, or undefined where there is none to report (not Linux, the root cgroup). */
export function openCgroup({ root = '/' }: OpenCgroupOptions = {}): ProcessCgroup | undefined {
  const at = (path: string) => posix.join(root, path);
  const membershipText = readText(at('/proc/self/cgroup'));
  const mountText = readText(at('/proc/self/mountinfo'));
  if (membershipText === undefined || mountText === undefined) return undefined;
  const memberships = parseProcCgroup(membershipText);
  const mounts = parseMountInfo(mountText);

  const v2 = v2Dirs(memberships, mounts, at);
  const v1 = (controller: string) => v1Dirs(memberships, mounts, controller, at);

  let cpu: CpuSource | undefined;
  if (v2 && existsSync(`${v2[0]}/cpu.max`)) cpu = new CpuV2(v2);
  else {
    const [cpuDirs, cpuacctDirs] = [v1('cpu'), v1('cpuacct')];
    if (cpuDirs || cpuacctDirs) cpu = new CpuV1(cpuacctDirs?.[0], cpuDirs ?? []);
    // A v2 cgroup without the cpu controller still accounts CPU time (no quota, no throttling).
    else if (v2) cpu = new CpuV2(v2);
  }

  let memory: MemorySource | undefined;
  if (v2 && existsSync(`${v2[0]}/memory.current`)) memory = new MemoryV2(v2);
  else {
    const memoryDirs = v1('memory');
    if (memoryDirs) memory = new MemoryV1(memoryDirs[0]);
  }
  return cpu || memory ? { cpu, memory } : undefined;
}

/** The cgroup's directory under a mount, then its ancestors up to the mount point. */
function dirsUnder(mount: CgroupMount, path: string, at: (p: string) => string): string[] | undefined {
  let relative: string;
  if (mount.root === '/') relative = path;
  else if (path === mount.root || path.startsWith(`${mount.root}/`)) relative = path.slice(mount.root.length) || '/';
  else return undefined; // the mount shows another part of the tree
  const top = at(mount.mountPoint);
  const dirs: string[] = [];
  const own = posix.join(top, relative);
  for (let d = own.length > 1 ? own.replace(/\/$/, '') : own; ; d = posix.dirname(d)) {
    dirs.push(d);
    if (d === top || !d.startsWith(top)) break;
  }
  return dirs;
}

function v2Dirs(memberships: CgroupMembership[], mounts: CgroupMount[], at: (p: string) => string): string[] | undefined {
  const member = memberships.find((m) => m.controllers.length === 0 && m.path.startsWith('/'));
  const mount = mounts.find((m) => m.version === 2);
  if (!member || !mount) return undefined;
  const dirs = dirsUnder(mount, member.path, at);
  // Only non-root v2 cgroups have cgroup.type; in a container's cgroup namespace its own cgroup is
  // the visible top, and it has one.
  return dirs && existsSync(`${dirs[0]}/cgroup.type`) ? dirs : undefined;
}

function v1Dirs(memberships: CgroupMembership[], mounts: CgroupMount[], controller: string, at: (p: string) => string): string[] | undefined {
  const member = memberships.find((m) => m.controllers.includes(controller));
  // v1 has no marker of the root cgroup: `/` is taken for the root (the whole machine), also in
  // the rare v1 container with a private cgroup namespace, where nothing tells the two apart.
  if (!member || member.path === '/') return undefined;
  for (const mount of mounts) {
    if (mount.version !== 1 || !mount.controllers.includes(controller)) continue;
    const dirs = dirsUnder(mount, member.path, at);
    if (dirs && existsSync(dirs[0])) return dirs;
  }
  return undefined;
}
