import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './promtool';

const SLO_FILE = 'deploy/slo/example.yaml';
const GENERATED = 'deploy/prometheus/rules/slo-example.yml';
const CLI = join(REPO_ROOT, 'packages/cli/dist/bin.js');

describe(`${GENERATED}`, () => {
  it(`is what \`perf-otel slo generate ${SLO_FILE}\` writes (regenerate it when this fails)`, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'slo', 'generate', SLO_FILE], { cwd: REPO_ROOT });
    const committed = await readFile(join(REPO_ROOT, GENERATED), 'utf8');
    if (stdout !== committed) {
      throw new Error(`${GENERATED} is out of date with ${SLO_FILE}: run\n  node packages/cli/dist/bin.js slo generate ${SLO_FILE} -o ${GENERATED}`);
    }
  });
});
