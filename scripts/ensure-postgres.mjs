// The tests' PostgreSQL: the machine's cluster on 127.0.0.1:5432, user postgres, trust auth for that
// user on loopback only. Debian's package creates the cluster with scram-sha-256 for TCP; as root we
// add one trust line for postgres@127.0.0.1 above the others (marked, added once) and start the
// cluster. Nothing else of the machine's PostgreSQL configuration is changed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CONFIG_DIR = '/etc/postgresql';
const MARK = '# perf-otel tests: postgres on loopback without a password';
const TRUST = 'host    all             postgres        127.0.0.1/32            trust';

export function ensurePostgresCluster() {
  if (!existsSync(CONFIG_DIR)) return 'PostgreSQL is not installed';
  const versions = readdirSync(CONFIG_DIR).filter((v) => existsSync(join(CONFIG_DIR, v, 'main', 'pg_hba.conf')));
  if (versions.length === 0) {
    const version = readdirSync('/usr/lib/postgresql').sort().pop();
    execFileSync('pg_createcluster', [version, 'main'], { stdio: 'inherit' });
    versions.push(version);
  }
  const version = versions.sort().pop();
  const hba = join(CONFIG_DIR, version, 'main', 'pg_hba.conf');
  const text = readFileSync(hba, 'utf8');
  const changed = !text.includes(MARK);
  if (changed) {
    writeFileSync(hba, `${MARK}\n${TRUST}\n${text}`);
    console.log(`PostgreSQL ${version}: ${hba} now trusts postgres on 127.0.0.1 (the tests' user; marked "${MARK}")`);
  }
  const running = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' })
    .split('\n')
    .some((l) => l.startsWith(`${version} `) && l.includes('online'));
  const action = !running ? 'start' : changed ? 'reload' : undefined;
  if (action) execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action], { stdio: 'inherit' });
  return undefined;
}
