#!/usr/bin/env node
// Builds the otelcol-perf-otel distribution from builder-config.yaml with ocb (the OpenTelemetry
// Collector Builder, installed from the Go module proxy at the manifest's release) into
// collector/.build/dist/otelcol-perf-otel. Go's module and build caches make later builds warm; a build
// whose inputs (manifest, our own components) have not changed since the last one is skipped.
//   node collector/build.mjs [--force]      (npm run collector:build)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const MANIFEST = join(HERE, 'builder-config.yaml');
const BUILD = join(HERE, '.build');
export const COLLECTOR_BINARY = join(BUILD, 'dist', 'otelcol-perf-otel');
const STAMP = join(BUILD, 'inputs.sha256');
const LOCAL_COMPONENTS = ['influxdbexporter'];
const MIN_GO = [1, 26];

function fail(message) {
  console.error(`collector build: ${message}`);
  process.exit(1);
}

function goVersion() {
  let out;
  try {
    out = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  } catch {
    fail(`Go is not installed (or not on PATH). Install Go ${MIN_GO.join('.')} or newer (https://go.dev/doc/install), then rerun.`);
  }
  const [major, minor] = out.replace(/^go/, '').split('.').map(Number);
  if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
    fail(`${out} is too old: the Collector release in builder-config.yaml needs Go ${MIN_GO.join('.')} or newer.`);
  }
  return out;
}

/** The release the manifest pins (dist.version), which is also ocb's version. */
function releaseOf(manifest) {
  const m = /^\s*version:\s*([0-9][^\s#]*)/m.exec(manifest);
  if (!m) fail(`${MANIFEST} has no dist.version`);
  return `v${m[1]}`;
}

function inputsHash(manifest, release) {
  const h = createHash('sha256').update(manifest).update(release);
  for (const dir of LOCAL_COMPONENTS) {
    for (const f of readdirSync(join(HERE, dir)).sort()) {
      if (/\.(go|mod|sum)$/.test(f) && !f.endsWith('_test.go')) h.update(f).update(readFileSync(join(HERE, dir, f)));
    }
  }
  return h.digest('hex');
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function main() {
  const force = process.argv.includes('--force');
  const go = goVersion();
  const manifest = readFileSync(MANIFEST, 'utf8');
  const release = releaseOf(manifest);
  const hash = inputsHash(manifest, release);
  if (!force && existsSync(COLLECTOR_BINARY) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) {
    console.log(`collector build: ${COLLECTOR_BINARY} is up to date (${release})`);
    return;
  }
  mkdirSync(BUILD, { recursive: true });
  const started = Date.now();
  const ocb = join(BUILD, 'bin', `builder-${release}`);
  if (!existsSync(ocb)) {
    console.log(`collector build: installing ocb ${release} (${go})`);
    run('go', ['install', `go.opentelemetry.io/collector/cmd/builder@${release}`], { env: { ...process.env, GOBIN: join(BUILD, 'bin', 'tmp') } });
    execFileSync('mv', [join(BUILD, 'bin', 'tmp', 'builder'), ocb]);
  }
  console.log(`collector build: building otelcol-perf-otel ${release} (first build takes minutes; later ones reuse Go's caches)`);
  // -mod=mod: ocb's generated go.mod is resolved and tidied against the module proxy, never vendored.
  run(ocb, ['--config', MANIFEST], { cwd: HERE, env: { ...process.env, GOFLAGS: '-mod=mod' } });
  writeFileSync(STAMP, hash);
  console.log(`collector build: ${COLLECTOR_BINARY} built in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
