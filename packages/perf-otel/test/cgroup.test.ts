import { join } from 'node:path';
import { parseCpuMax, parseFlatKeyed, parseMemoryLimit, parseMountInfo, parsePressure, parseProcCgroup } from '../src/container/cgroup-files';
import { openCgroup } from '../src/container/open-cgroup';

// Trees with the files a process sees in each situation (/proc/self/* and the cgroup mounts),
// copied in format from real kernels.
const tree = (name: string) => join(__dirname, 'fixtures/cgroup', name);

describe('cgroup file formats', () => {
  it('/proc/self/cgroup: v1 lines with controllers, the v2 line with none', () => {
    expect(parseProcCgroup('11:memory:/docker/abc\n10:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/system.slice/x.service\n')).toEqual([
      { controllers: ['memory'], path: '/docker/abc' },
      { controllers: ['cpu', 'cpuacct'], path: '/docker/abc' },
      { controllers: ['name=systemd'], path: '/docker/abc' },
      { controllers: [], path: '/system.slice/x.service' },
    ]);
  });

  it('mountinfo: cgroup and cgroup2 mounts with their root, escaped paths decoded, other filesystems skipped', () => {
    const text = [
      '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
      '32 31 0:29 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,relatime master:9 - cgroup cgroup rw,cpu,cpuacct',
      '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd',
      '41 31 0:38 / /sys/fs/cgroup/my\\040dir rw,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate',
    ].join('\n');
    expect(parseMountInfo(text)).toEqual([
      { version: 1, root: '/docker/abc', mountPoint: '/sys/fs/cgroup/cpu,cpuacct', controllers: ['cpu', 'cpuacct'] },
      { version: 1, root: '/', mountPoint: '/sys/fs/cgroup/systemd', controllers: ['xattr'] },
      { version: 2, root: '/', mountPoint: '/sys/fs/cgroup/my dir', controllers: [] },
    ]);
  });

  it('cpu.max: quota/period in CPUs; max is no limit', () => {
    expect(parseCpuMax('150000 100000\n')).toBe(1.5);
    expect(parseCpuMax('max 100000\n')).toBeUndefined();
    expect(parseCpuMax('')).toBeUndefined();
  });

  it('memory limits: bytes; v2 max and the v1 unlimited sentinel are no limit', () => {
    expect(parseMemoryLimit('536870912\n')).toBe(536870912);
    expect(parseMemoryLimit('max\n')).toBeUndefined();
    expect(parseMemoryLimit('9223372036854771712\n')).toBeUndefined();
    expect(parseMemoryLimit('garbage')).toBeUndefined();
  });

  it('flat keyed files and PSI totals (microseconds → seconds; full is optional)', () => {
    expect(parseFlatKeyed('nr_periods 420\nnr_throttled 37\nbad\n')).toEqual(
      new Map([
        ['nr_periods', 420],
        ['nr_throttled', 37],
      ]),
    );
    expect(parsePressure('some avg10=1.50 avg60=0.80 avg300=0.20 total=2500000\nfull avg10=0.90 avg60=0.40 avg300=0.10 total=1200000\n')).toEqual({
      some: 2.5,
      full: 1.2,
    });
    expect(parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=7\n')).toEqual({ some: 0.000007, full: undefined });
    expect(parsePressure('')).toBeUndefined();
  });
});

describe('openCgroup: which cgroup, which hierarchy, what it reads', () => {
  it('cgroup v2 container in its own cgroup namespace', () => {
    const cg = openCgroup({ root: tree('v2-container') })!;
    expect(cg.cpu!.times()).toEqual({ user: 6, system: 2.123456, total: 8.123456 });
    expect(cg.cpu!.limit()).toBe(1.5);
    expect(cg.cpu!.throttling()).toEqual({ periods: 420, throttledPeriods: 37, throttledSeconds: 1.85 });
    expect(cg.cpu!.pressure()).toEqual({ some: 2.5, full: 1.2 });
    expect(cg.memory!.figures()).toEqual({ usage: 268435456, workingSet: 268435456 - 67108864, rss: 150994944 });
    expect(cg.memory!.limit()).toBe(536870912);
    expect(cg.memory!.limitFile()).toBe(`${tree('v2-container')}/sys/fs/cgroup/memory.max`);
    expect(cg.memory!.events()).toEqual({ oomKills: 1, limitReached: 12 });
    expect(cg.memory!.pressure()).toEqual({ some: 0.34, full: 0.12 });
  });

  it('cgroup v1 docker container (mounts show only /docker/<id>): cpu,cpuacct co-mounted', () => {
    const cg = openCgroup({ root: tree('v1-docker') })!;
    expect(cg.cpu!.times()).toEqual({ user: 25, system: 6, total: 31.25 });
    expect(cg.cpu!.limit()).toBe(0.5);
    expect(cg.cpu!.throttling()).toEqual({ periods: 900, throttledPeriods: 300, throttledSeconds: 45 });
    expect(cg.cpu!.pressure()).toBeUndefined();
    expect(cg.memory!.figures()).toEqual({ usage: 209715200, workingSet: 209715200 - 41943040, rss: 125829120 });
    expect(cg.memory!.limit()).toBe(268435456);
    expect(cg.memory!.events()).toEqual({ oomKills: 3, limitReached: 57 });
    expect(cg.memory!.pressure()).toBeUndefined();
  });

  it('hybrid host: CPU in the root cgroup is the whole machine (absent), memory in its own v1 group without a limit', () => {
    const cg = openCgroup({ root: tree('hybrid-memory-only') })!;
    expect(cg.cpu).toBeUndefined();
    expect(cg.memory!.figures()).toEqual({ usage: 104857600, workingSet: 104857600 - 10485760, rss: 73400320 });
    // hierarchical_memory_limit says unlimited: the parent's file is not consulted twice.
    expect(cg.memory!.limit()).toBeUndefined();
    expect(cg.memory!.events()).toEqual({ oomKills: undefined, limitReached: undefined });
  });

  it('v2 without a cgroup namespace: limits set on the parent slice count', () => {
    const cg = openCgroup({ root: tree('v2-systemd-service') })!;
    expect(cg.cpu!.limit()).toBe(2);
    expect(cg.memory!.limit()).toBe(1073741824);
    expect(cg.cpu!.throttling()).toEqual({ periods: 0, throttledPeriods: 0, throttledSeconds: 0 });
    expect(cg.memory!.figures()).toEqual({ usage: 52428800, workingSet: 51380224, rss: 41943040 });
  });

  it('a process in the root v2 cgroup (bare metal) and a tree without /proc (macOS): nothing', () => {
    expect(openCgroup({ root: tree('v2-root') })).toBeUndefined();
    expect(openCgroup({ root: tree('no-such-tree') })).toBeUndefined();
  });
});
