// Runs the whole jest suite and ends with one plain summary line ("N passed, N failed") that CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

// Child apps run on this Node (process.execPath), and the register does nothing below 22.15.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 15)) {
  console.error(
    `run-tests: Node.js ${process.versions.node} is too old for the suite (needs 22.15+): use npm test, or put node_modules/.bin first on PATH (the project's Node 24).`,
  );
  process.exit(1);
}

const out = join(process.cwd(), '.tmp', 'jest-results.json');
mkdirSync(join(process.cwd(), '.tmp'), { recursive: true });
const jest = join(process.cwd(), 'node_modules', 'jest', 'bin', 'jest.js');
const run = spawnSync(process.execPath, [jest, '--json', `--outputFile=${out}`, ...process.argv.slice(2)], { stdio: 'inherit' });

let summary;
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : '');
  if (r.numTotalTests === 0) {
    console.error('jest ran no test');
    process.exitCode = 1;
  }
} catch {
  summary = '0 passed, 1 failed';
  console.error('jest wrote no results: see its output above');
}
console.log(`tests: ${summary}`);
if (run.status !== 0) process.exitCode = run.status ?? 1;
