// On a Node.js older than 22.15 (what the OpenTelemetry JS SDK requires) the register prints one clear
// line and does nothing: the app runs untouched. Uses the machine's own old Node (CI machines ship
// Node 20; the project's Node 24 comes from npm); PERF_OTEL_TEST_OLD_NODE names another binary.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startChildApp } from '../../harness';
import { fixture, REGISTER_CJS, REGISTER_ESM } from '../support/paths';

const OLD_NODE = process.env.PERF_OTEL_TEST_OLD_NODE ?? '/usr/bin/node';
const oldVersion = existsSync(OLD_NODE) ? execFileSync(OLD_NODE, ['--version'], { encoding: 'utf8' }).trim().slice(1) : undefined;
const [major, minor] = (oldVersion ?? '99.0').split('.').map(Number);
const usable = major < 22 || (major === 22 && minor < 15);

const LINE = `perf-otel: Node.js ${oldVersion} is not supported (perf-otel and the OpenTelemetry JS SDK need Node.js 22.15 or newer); the app runs without perf-otel.`;

(usable ? describe : describe.skip)(`register on Node.js ${oldVersion ?? '(none at ' + OLD_NODE + ')'}`, () => {
  it.each<[string, string, { require?: string[]; import?: string[] }]>([
    ['--require', 'short-job.js', { require: [REGISTER_CJS] }],
    ['--import', 'short-job.mjs', { import: [REGISTER_ESM] }],
  ])('%s: one line on stderr, the app runs and exits 0', async (_flag, script, preload) => {
    const app = await startChildApp({
      script: fixture(script),
      nodeBinary: OLD_NODE,
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
      ...preload,
    });
    const exit = await app.exited;
    expect({ code: exit.code, stdout: exit.stdout.trim(), stderr: exit.stderr.trim().split('\n') }).toEqual({ code: 0, stdout: 'job done', stderr: [LINE] });
  });
});
