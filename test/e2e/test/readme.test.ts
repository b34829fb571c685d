import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_ENV_VARS } from '@org/perf-otel';

const ROOT = join(__dirname, '../../..');

describe('README, the front door', () => {
  it('documents every environment variable, generated from the one registry', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/gen-env-table.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' });
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const v of ALL_ENV_VARS) expect(readme).toContain(`| \`${v.name}\` |`);
  });

  it('names the two commands', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm install && npm test');
  });
});
