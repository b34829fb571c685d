import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '../../harness';
import { runCli } from '../../../packages/cli/test/run-cli';
import { captureProfile, compareHeapProfiles, summarizeCpuProfile, type CpuProfile } from '../../../packages/profiler/src';
import { fixtureLine, HOT_PATH, HOT_SERVICE, loadUntil, post, startHotService, REPO_ROOT, type HotService } from '../support/hot-service';

describe('profiling a service under load (hot-service.js under --require @org/perf-otel/register)', () => {
  let app: HotService;
  let dir: string;
  beforeAll(async () => {
    app = await startHotService();
    await app.waitForLine('profiling: endpoint on');
    dir = mkdtempSync(join(tmpdir(), 'perf-otel-profile-'));
  });
  afterAll(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the slow-regex function as the top self-time entry, with its file and line', async () => {
    const file = join(dir, 'hot.cpuprofile');
    const cli = runCli(['profile', '--target', app.target, '--cpu', '--duration', '3s', '--out', file, '--html', '--top', '5'], REPO_ROOT);
    // Load starts once the profile runs, so the regex is first compiled inside it and V8 reports
    // its matching as a separate `RegExp: <pattern>` node, which the summary folds into the caller.
    await pollUntil(
      'the CPU profile to start',
      async () => {
        const status = (await (await fetch(`${app.target}/status`)).json()) as { recording: string | null };
        return status.recording === 'cpu' ? true : undefined;
      },
      10000,
    );
    const busy = await post(app.target, '/profile/heap?seconds=1');
    expect(busy.status).toBe(409);
    expect(busy.body.error).toMatch(/^a cpu profile is already running \(\d+ s left\); one profile at a time/);

    const requests = await loadUntil(app, [HOT_PATH, '/page', '/'], cli);
    const { code, out, err } = await cli;
    expect({ code, err }).toEqual({ code: 0, err: expect.stringContaining(`wrote ${file}`) });
    expect(requests).toBeGreaterThan(0);

    const summary = summarizeCpuProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, 5);
    const hotLine = fixtureLine('function isValidUsername(');
    expect(summary.bySelf[0]).toMatchObject({ name: 'isValidUsername', file: HOT_SERVICE, line: hotLine });
    expect(summary.bySelf[0].natives).toContain('RegExp: ^([a-zA-Z0-9]+\\s?)*$');
    // Its caller is the fixture's request listener, so the call path leads back to the route.
    expect(summary.bySelf[0].calledFrom.at(-1)).toMatchObject({ file: HOT_SERVICE, line: fixtureLine('http.createServer(') });

    // What the user reads: the first row of the self-time table names it with file:line.
    const firstRow = out.split('\n')[out.split('\n').findIndex((l) => l.startsWith('Top 5 functions by self time')) + 2];
    expect(firstRow).toMatch(new RegExp(`isValidUsername\\s+test/profiling/fixtures/hot-service.js:${hotLine}\\s+\\(incl\\. RegExp: `));
    expect(out).toContain(`GC ${summary.gc.percent.toFixed(1)} % of sampled time`);

    const html = readFileSync(join(dir, 'hot.html'), 'utf8');
    expect(html).toContain(`<title>isValidUsername ${HOT_SERVICE}:${hotLine} — `);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('comparing two heap profiles names the site that retains memory on every request first', async () => {
    const baseline = captureProfile(app.target, 'heap', 2);
    await loadUntil(app, ['/'], baseline);
    const loaded = captureProfile(app.target, 'heap', 3);
    // /page allocates more per request than /remember keeps, but lets all of it go.
    await loadUntil(app, ['/remember', '/page', '/page', '/'], loaded);
    const before = join(dir, 'before.heapprofile');
    const after = join(dir, 'after.heapprofile');
    const [a, b] = await Promise.all([baseline, loaded]);
    await Promise.all([writeFile(before, a.json), writeFile(after, b.json)]);

    const comparison = compareHeapProfiles(a.profile, b.profile);
    expect(comparison.grown[0]).toMatchObject({ name: 'rememberVisit', file: HOT_SERVICE, line: fixtureLine('function rememberVisit(') });
    // /page's garbage is collected before the profile is read; what can still show is the page
    // being rendered by a request in flight at that moment (the load runs on): a fraction of the leak.
    const garbage = comparison.grown.find((row) => row.name === 'renderPage');
    expect({ renderPageVsLeak: (garbage?.growthBytes ?? 0) / comparison.grown[0].growthBytes < 0.25 }).toEqual({ renderPageVsLeak: true });

    const { code, out } = await runCli(['profile', '--compare', before, after], REPO_ROOT);
    expect(code).toBe(0);
    const lines = out.split('\n');
    const header = lines.findIndex((l) => l.startsWith('Allocation sites that grew most (leak suspects)'));
    expect(lines[header + 2]).toMatch(new RegExp(`rememberVisit\\s+test/profiling/fixtures/hot-service.js:${fixtureLine('function rememberVisit(')}\\b`));
  });
});
