import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../packages/cli/test/run-cli';
import {
  compareHeapProfiles,
  flameGraphHtml,
  profileOf,
  summarizeCpuProfile,
  summarizeHeapProfile,
  type CallFrame,
  type CpuProfile,
  type HeapProfile,
  type HeapProfileNode,
} from '../../../packages/profiler/src';

const frame = (functionName: string, line = -1, url = line < 0 ? '' : 'file:///srv/app.js'): CallFrame => ({
  functionName,
  url,
  lineNumber: line,
  columnNumber: 0,
  scriptId: '1',
});

/**
 * (root) ─ (idle), (garbage collector), (program), main:1 ─ fib:5 ─ fib:5 ─ RegExp: a<b
 * One sample per millisecond: idle 1, GC 2, program 0, main 1, outer fib 1, inner fib 2, RegExp 3.
 */
function cpuProfile(): CpuProfile {
  const nodes = [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 9] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('(garbage collector)') },
    { id: 9, callFrame: frame('(program)') },
    { id: 4, callFrame: frame('main', 0), children: [6] },
    { id: 6, callFrame: frame('fib', 4), children: [7] },
    { id: 7, callFrame: frame('fib', 4), children: [8] },
    { id: 8, callFrame: frame('RegExp: a<b') },
  ];
  const samples = [2, 3, 3, 4, 6, 7, 7, 8, 8, 8];
  return { nodes, startTime: 0, endTime: 10000, samples, timeDeltas: samples.map(() => 1000) };
}

const heapNode = (id: number, callFrame: CallFrame, selfSize: number, children: HeapProfileNode[] = []): HeapProfileNode => ({
  id,
  callFrame,
  selfSize,
  children,
});
const heapProfile = (sizes: { keep: number; let: number; cache: number }): HeapProfile => ({
  head: heapNode(1, frame('(root)'), 0, [
    heapNode(2, frame('handler', 9), 0, [
      heapNode(3, frame('keep', 1), 0, [heapNode(4, frame('repeat'), sizes.keep)]),
      heapNode(5, frame('letGo', 2), sizes.let),
    ]),
    heapNode(6, frame('cache', 3), sizes.cache),
  ]),
});

describe('CPU summary', () => {
  const summary = summarizeCpuProfile(cpuProfile());

  it('ranks by self time with file:line (1-based), folding natives like RegExp into their caller', () => {
    expect(summary.bySelf.map((r) => [r.name, r.file, r.line, r.selfMs, r.selfPercent])).toEqual([
      ['fib', '/srv/app.js', 5, 6, 60],
      ['(garbage collector)', '', undefined, 2, 20],
      ['main', '/srv/app.js', 1, 1, 10],
    ]);
    expect(summary.bySelf[0].natives).toEqual(['RegExp: a<b']);
    expect(summary.bySelf[0].calledFrom.map((c) => `${c.name}:${c.line}`)).toEqual(['main:1', 'fib:5']);
  });

  it('counts a recursive function once in total time', () => {
    expect(summary.byTotal.map((r) => [r.name, r.totalMs, r.totalPercent])).toEqual([
      ['main', 7, 70],
      ['fib', 6, 60],
    ]);
  });

  it('reports the GC share of all sampled time and of busy (non-idle) time', () => {
    expect(summary.gc).toEqual({ ms: 2, percent: 20, percentOfBusy: expect.closeTo((100 * 2) / 9, 6) });
    expect(summary.idle).toEqual({ ms: 1, percent: 10 });
    expect(summary.samples).toBe(10);
  });
});

describe('heap summary and comparison', () => {
  const before = heapProfile({ keep: 100, let: 500, cache: 200 });
  const after = heapProfile({ keep: 1100, let: 400, cache: 500 });

  it('ranks allocation sites by self size, a builtin (String#repeat) counted in its caller', () => {
    expect(summarizeHeapProfile(after).sites.map((r) => [r.name, r.line, r.selfBytes, r.natives])).toEqual([
      ['keep', 2, 1100, ['repeat']],
      ['cache', 4, 500, []],
      ['letGo', 3, 400, []],
    ]);
  });

  it('names the sites that grew, most first, and leaves out the ones that shrank', () => {
    const comparison = compareHeapProfiles(before, after);
    expect(comparison.grown.map((r) => [r.name, r.beforeBytes, r.afterBytes, r.growthBytes])).toEqual([
      ['keep', 100, 1100, 1000],
      ['cache', 200, 500, 300],
    ]);
    expect([comparison.beforeBytes, comparison.afterBytes]).toEqual([800, 2000]);
  });
});

describe('flame graph', () => {
  it('is one HTML file with the frames drawn inline, names escaped, nothing fetched', () => {
    const html = flameGraphHtml(cpuProfile(), 'cpu', 'test <profile>');
    expect(html).toContain('<title>fib /srv/app.js:5 — 6.0 ms (66.7 %)</title>');
    expect(html).toContain('<title>RegExp: a&lt;b — 3.0 ms (33.3 %)</title>');
    expect(html).not.toContain('(idle)');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('draws a heap profile by live bytes per allocation path', () => {
    const html = flameGraphHtml(heapProfile({ keep: 1100, let: 400, cache: 500 }), 'heap', 'heap');
    expect(html).toContain('<title>keep /srv/app.js:2 — 1.1 KiB (55.0 %)</title>');
    expect(html).toContain('<title>handler /srv/app.js:10 — 1.5 KiB (75.0 %)</title>');
  });
});

describe('bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'perf-otel-analysis-'));
    writeFileSync(join(dir, 'a.cpuprofile'), JSON.stringify(cpuProfile()));
    writeFileSync(join(dir, 'not-a-profile.json'), '{"hello":1}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says what a file is missing', () => {
    expect(() => profileOf({ traceEvents: [] }, 'trace.json')).toThrow(
      'trace.json is neither a .cpuprofile (no "nodes") nor a .heapprofile (no "head"); heap snapshots (.heapsnapshot) open in Chrome DevTools, not here',
    );
  });

  it.each([
    [['profile', '--target', 'http://127.0.0.1:9'], 2, 'say which profile to take: --cpu or --heap (one of them)'],
    [['profile', '--target', 'http://127.0.0.1:9', '--cpu', '--duration', '10m'], 2, '--duration must be above 0 and at most 60s, got 10m'],
    [['profile', '--target', 'http://127.0.0.1:9', '--cpu', '--duration', 'soon'], 2, '--duration "soon" is not a duration; write e.g. 30s, 2m or 500ms'],
    [['profile', '--compare', 'a.cpuprofile', 'a.cpuprofile'], 2, 'is a CPU profile; --compare takes two .heapprofile files'],
    [['profile', 'not-a-profile.json'], 1, 'not-a-profile.json is neither a .cpuprofile'],
    [['profile', 'missing.cpuprofile'], 1, 'missing.cpuprofile: no such file'],
    [['profile', 'a.cpuprofile', '--out', 'b.cpuprofile'], 2, '--out goes with --target (taking a profile from a service)'],
    [['profile', '--top', '0', 'a.cpuprofile'], 2, '--top must be a whole number of rows, at least 1, got "0"'],
  ])('perf-otel %j exits %i naming the problem', async (argv, code, message) => {
    const run = await runCli(argv, dir);
    expect(run.code).toBe(code);
    expect(run.err).toContain(message);
  });

  it('an unreachable endpoint is named with the likely cause', async () => {
    const run = await runCli(['profile', '--target', 'http://127.0.0.1:9', '--cpu', '--duration', '1s'], dir);
    expect(run.code).toBe(1);
    expect(run.err).toContain('cannot reach http://127.0.0.1:9: ECONNREFUSED (is the service running with PERF_OTEL_PROFILING_ENABLED=true');
  });
});
