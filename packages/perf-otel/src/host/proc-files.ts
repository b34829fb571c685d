// Readers of Linux /proc files; each returns undefined off Linux so callers can fall back or skip.
import { readFileSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  interrupt: number;
  steal: number;
}

/** Aggregate CPU times in seconds from /proc/stat (USER_HZ is 100 on every Linux we target). */
export function readProcStat(): CpuTimes | undefined {
  const line = read('/proc/stat')?.split('\n', 1)[0];
  if (!line?.startsWith('cpu ')) return undefined;
  const f = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((v) => Number(v) / 100);
  return { user: f[0], nice: f[1], system: f[2], idle: f[3], iowait: f[4], interrupt: f[5] + f[6], steal: f[7] ?? 0 };
}

export interface MemInfo {
  total: number;
  free: number;
  available: number;
  buffers: number;
  cached: number;
}

export function readMemInfo(): MemInfo | undefined {
  const text = read('/proc/meminfo');
  if (text === undefined) return undefined;
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { total: kb('MemTotal'), free: kb('MemFree'), available: kb('MemAvailable'), buffers: kb('Buffers'), cached: kb('Cached') };
}

export interface NetDev {
  name: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
}

export function readNetDev(): NetDev[] | undefined {
  const text = read('/proc/net/dev');
  if (text === undefined) return undefined;
  return text
    .split('\n')
    .slice(2)
    .filter((l) => l.includes(':'))
    .map((l) => {
      const [name, rest] = l.split(':');
      const f = rest.trim().split(/\s+/).map(Number);
      return {
        name: name.trim(),
        rxBytes: f[0],
        rxPackets: f[1],
        rxErrors: f[2],
        rxDropped: f[3],
        txBytes: f[8],
        txPackets: f[9],
        txErrors: f[10],
        txDropped: f[11],
      };
    });
}

export interface DiskStat {
  device: string;
  reads: number;
  readBytes: number;
  writes: number;
  writeBytes: number;
  ioTimeSeconds: number;
}

const SECTOR_BYTES = 512;

/** Whole disks only (those under /sys/block, minus loop and ram devices): partitions would double count. */
export function readDiskStats(isWholeDisk: (device: string) => boolean): DiskStat[] | undefined {
  const text = read('/proc/diskstats');
  if (text === undefined) return undefined;
  const out: DiskStat[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const device = f[2];
    if (/^(loop|ram|zram)\d/.test(device) || !isWholeDisk(device)) continue;
    out.push({
      device,
      reads: Number(f[3]),
      readBytes: Number(f[5]) * SECTOR_BYTES,
      writes: Number(f[7]),
      writeBytes: Number(f[9]) * SECTOR_BYTES,
      ioTimeSeconds: Number(f[12]) / 1000,
    });
  }
  return out;
}

export interface Mount {
  device: string;
  mountpoint: string;
  type: string;
}

// Filesystems that hold data a user can fill; virtual ones (proc, sysfs, cgroup, tmpfs…) are noise.
const DATA_FILESYSTEMS = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'vfat', 'exfat', 'ntfs', 'f2fs', 'overlay', 'nfs', 'nfs4', 'cifs', 'fuseblk']);

export function readMounts(): Mount[] | undefined {
  const text = read('/proc/self/mounts');
  if (text === undefined) return undefined;
  const seen = new Set<string>();
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const [device, mountpoint, type] = line.split(' ');
    if (!type || !DATA_FILESYSTEMS.has(type) || seen.has(mountpoint)) continue;
    seen.add(mountpoint);
    out.push({ device, mountpoint: mountpoint.replace(/\\040/g, ' '), type });
  }
  return out;
}
