// Tests talk to a real Prometheus (with promtool), Alertmanager (with amtool), InfluxDB 1.x, MariaDB,
// Redis and PostgreSQL from Debian's packages; the bench smoke tests drive wrk and valgrind; the
// HTML reports are laid out and screenshotted by headless Chromium.
// Install them when missing and we are root (CI, dev containers); otherwise say how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensurePostgresCluster } from './ensure-postgres.mjs';

const needed = [
  { bin: '/usr/bin/prometheus', pkg: 'prometheus' },
  { bin: '/usr/bin/promtool', pkg: 'prometheus' },
  { bin: '/usr/bin/influxd', pkg: 'influxdb' },
  { bin: '/usr/bin/influx', pkg: 'influxdb-client' },
  { bin: '/usr/bin/wrk', pkg: 'wrk' },
  { bin: '/usr/bin/valgrind', pkg: 'valgrind' },
  { bin: '/usr/bin/callgrind_control', pkg: 'valgrind' },
  { bin: '/usr/bin/amtool', pkg: 'prometheus-alertmanager' },
  { bin: '/usr/bin/prometheus-alertmanager', pkg: 'prometheus-alertmanager' },
  { bin: '/usr/bin/pg_ctlcluster', pkg: 'postgresql' },
  { bin: '/usr/sbin/mariadbd', pkg: 'mariadb-server' },
  { bin: '/usr/bin/mariadb-install-db', pkg: 'mariadb-server' },
  { bin: '/usr/bin/redis-server', pkg: 'redis-server' },
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
];
const missing = [...new Set(needed.filter((n) => !existsSync(n.bin)).map((n) => n.pkg))];
const root = process.getuid?.() === 0;
if (missing.length > 0 && !root) {
  console.error(`perf-otel tests need Debian packages: ${missing.join(' ')}.\n` + `Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
if (missing.length > 0) installPackages();
// Without root the tests expect a PostgreSQL already set up as described in the README.
if (root) ensurePostgresCluster();

function installPackages() {
  console.log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  // The packages' own services are not ours to run: tests start their own on free loopback ports.
  for (const svc of ['prometheus', 'influxdb', 'prometheus-alertmanager', 'mariadb', 'redis-server']) {
    try {
      execFileSync('service', [svc, 'stop'], { stdio: 'ignore' });
    } catch {
      /* not running */
    }
  }
}
