// `npm run pack:check`: what a user gets from the tarballs. Packs every package, installs them into a
// fresh app outside the repo (dependencies from the registry, as a user's install does), then checks
// that the register instruments a real app, `npx perf-otel --help` runs, the exports maps hold, and
// the app and perf-otel share one @opentelemetry/api. Prints one line per check; exits 1 on a failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const PACKS = join(ROOT, 'dist-packages');
const app = mkdtempSync(join(tmpdir(), 'perf-otel-pack-check-'));
let failed = 0;
const check = (name, ok, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) failed++;
};

try {
  rmSync(PACKS, { recursive: true, force: true });
  execFileSync('npm', ['run', 'pack'], { cwd: ROOT, stdio: 'ignore' });
  const tarballs = readdirSync(PACKS)
    .filter((file) => file.endsWith('.tgz'))
    .map((file) => join(PACKS, file));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check-app', version: '1.0.0', private: true }));
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...tarballs], { cwd: app, encoding: 'utf8' });
  check(
    `npm install of ${tarballs.length} tarballs in ${app}`,
    install.status === 0,
    install.status === 0
      ? ''
      : install.stderr
          .split('\n')
          .filter((line) => line.includes('ERR'))
          .slice(0, 3)
          .join(' | '),
  );
  if (install.status !== 0) throw new Error('install failed');

  writeFileSync(
    join(app, 'app.js'),
    `const http = require('node:http');
const server = http.createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', () => {
  http.get('http://127.0.0.1:' + server.address().port + '/users/1', (res) => { res.resume(); res.on('end', () => { server.close(); console.log('served'); }); });
});
`,
  );
  const run = spawnSync(process.execPath, ['--require', '@org/perf-otel/register', 'app.js'], {
    cwd: app,
    encoding: 'utf8',
    env: { ...process.env, OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
  });
  const startup = run.stderr.split('\n').find((line) => line.startsWith('perf-otel '));
  check(
    'node --require @org/perf-otel/register app.js',
    run.status === 0 && run.stdout.includes('served') && startup?.includes('service=pack-check-app@1.0.0') === true,
    startup ?? run.stderr.slice(0, 300),
  );

  const help = spawnSync('npx', ['--no-install', 'perf-otel', '--help'], {
    cwd: app,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` },
  });
  check('npx perf-otel --help', help.status === 0 && help.stdout.startsWith('usage: perf-otel'), help.stdout.split('\n')[0] || help.stderr.slice(0, 300));

  const probe = (code) => spawnSync(process.execPath, ['-e', code], { cwd: app, encoding: 'utf8' });
  const names = probe("console.log(require('@org/perf-otel/prometheus-names').PROM_HTTP_SERVER_REQUEST_DURATION)");
  check('@org/perf-otel/prometheus-names', names.stdout.trim() === 'http_server_request_duration_seconds', names.stdout.trim() || names.stderr.slice(0, 200));
  const deep = probe("try { require('@org/perf-otel/dist/start'); console.log('loaded') } catch (e) { console.log(e.code) }");
  check('internal modules are not exported', deep.stdout.trim() === 'ERR_PACKAGE_PATH_NOT_EXPORTED', deep.stdout.trim());
  const api = probe(
    "const p = require.resolve('@opentelemetry/api'); const q = require.resolve('@opentelemetry/api', { paths: [require.resolve('@org/perf-otel')] }); console.log(p === q ? 'one' : p + ' != ' + q)",
  );
  check('one @opentelemetry/api for the app and perf-otel (peer dependency)', api.stdout.trim() === 'one', api.stdout.trim());
} catch (error) {
  check('pack check', false, error.message);
} finally {
  rmSync(app, { recursive: true, force: true });
}
process.exitCode = failed === 0 ? 0 : 1;
