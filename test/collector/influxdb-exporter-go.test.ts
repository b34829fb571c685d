// The Go unit tests of our own Collector component (collector/influxdbexporter): schema lines, payload
// splitting, status handling and config validation. Run here so `npm test` covers them.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

test('go test ./... passes in collector/influxdbexporter', () => {
  let output: string;
  try {
    output = execFileSync('go', ['test', '-count=1', './...'], { cwd: join(__dirname, '../../collector/influxdbexporter'), encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`go test failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`, { cause: error });
  }
  expect(output).toMatch(/^ok\s+github\.com\/org\/perf-otel\/collector\/influxdbexporter/m);
});
