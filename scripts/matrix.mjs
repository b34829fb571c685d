// The version matrix: the register's end-to-end checks on every Node.js line and pg minor we claim.
//   npm run matrix            Node 22.15 and 24 × the register's e2e tests; pg 8.11, 8.13 and the
//                             newest 8.x × the pg tests
//   npm run matrix -- --fast  what CI runs: Node 22.15 × the HTTP e2e test (Node 24 is the suite's own)
//   npm run matrix -- test/e2e/test/x.test.ts …   extra test paths, run on every Node of the matrix
// Node binaries come from the npm `node` package and client versions from the registry, installed
// once into ~/.cache/perf-otel-matrix. Jest runs on the project's Node; the child apps (where the
// register and the instrumentation live) run on the Node under test (PERF_OTEL_TEST_NODE), and see
// the pg under test through a copy of the fixtures beside it (PERF_OTEL_TEST_FIXTURES).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const CACHE = process.env.PERF_OTEL_MATRIX_CACHE ?? join(homedir(), '.cache', 'perf-otel-matrix');
const NODES = ['22.15', '24'];
const PG_VERSIONS = ['8.11', '8.13', '8'];
const REGISTER_TESTS = [
  'test/e2e/test/http-server.test.ts',
  'test/e2e/test/pg.test.ts',
  'test/e2e/test/esm-databases.test.ts',
  'test/e2e/test/node-version.test.ts',
];
const PG_TESTS = ['test/e2e/test/pg.test.ts'];

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const extra = args.filter((arg) => !arg.startsWith('--'));

/** Installs `spec` (e.g. node@22.15) into its own cache dir once; returns the dir. */
function install(spec) {
  const dir = join(CACHE, spec.replace(/[@/]/g, '-'));
  if (!existsSync(join(dir, 'node_modules'))) {
    mkdirSync(dir, { recursive: true });
    const npm = spawnSync('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec], { stdio: 'inherit' });
    if (npm.status !== 0) throw new Error(`npm install ${spec} failed`);
  }
  return dir;
}

function version(dir, name) {
  return JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
}

const results = [];
function run(label, tests, env) {
  console.log(`\n=== ${label}`);
  const jest = spawnSync(process.execPath, [join(ROOT, 'scripts/run-tests.mjs'), '--runInBand', ...tests], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const out = jest.stdout.toString();
  process.stdout.write(out);
  const summary =
    out
      .trim()
      .split('\n')
      .findLast((line) => line.startsWith('tests: ')) ?? 'tests: no result';
  results.push({ label, summary, ok: jest.status === 0 });
}

for (const node of fast ? ['22.15'] : NODES) {
  // The suite's own Node is 24: it runs the tests as they are.
  const env = {};
  let label = `Node ${process.versions.node}`;
  if (!process.versions.node.startsWith(`${node}.`)) {
    const dir = install(`node@${node}`);
    env.PERF_OTEL_TEST_NODE = join(dir, 'node_modules', '.bin', 'node');
    label = `Node ${version(dir, 'node')}`;
    // The register really starts on that Node (its startup line names the version).
    const probe = spawnSync(
      env.PERF_OTEL_TEST_NODE,
      ['--require', join(ROOT, 'packages/perf-otel/dist/register.js'), join(ROOT, 'test/e2e/fixtures/short-job.js')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
      },
    );
    const started = probe.stderr.split('\n').find((line) => line.startsWith('perf-otel '));
    if (!started?.includes(`(node ${version(dir, 'node')})`)) throw new Error(`the register did not start on ${label}: ${probe.stderr.slice(0, 500)}`);
    console.log(`${label}: ${started.slice(0, 60)}…`);
  }
  run(label, fast ? ['test/e2e/test/http-server.test.ts', ...extra] : [...REGISTER_TESTS, ...extra], env);
}

if (!fast) {
  for (const pg of PG_VERSIONS) {
    const dir = install(`pg@${pg}`);
    const fixtures = join(dir, 'fixtures');
    cpSync(join(ROOT, 'test/e2e/fixtures'), fixtures, { recursive: true });
    run(`pg ${version(dir, 'pg')}`, PG_TESTS, { PERF_OTEL_TEST_FIXTURES: fixtures });
  }
}

console.log('\n=== matrix');
for (const result of results) console.log(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.label.padEnd(14)} ${result.summary}`);
process.exitCode = results.every((result) => result.ok) ? 0 : 1;
