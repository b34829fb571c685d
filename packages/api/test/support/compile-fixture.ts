// Builds this package with tsc and compiles a test fixture with it, for what the root jest config
// cannot compile the standard way (TC39 decorators). Output goes under node_modules/.cache so the
// fixture's `@org/perf-otel-api` import resolves through the workspace link.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const PACKAGE_DIR = resolve(__dirname, '..', '..');
const ROOT = resolve(PACKAGE_DIR, '..', '..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

/** `tsc -b packages/api`: the compiled dist the fixtures import. */
export function buildPackage(): void {
  tsc(['-b', PACKAGE_DIR]);
}

/** Runs tsc; a failure shows tsc's diagnostics (it prints them on stdout). */
function tsc(args: string[]): void {
  try {
    execFileSync(TSC, args, { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}

export interface CompiledFixture {
  /** Path of the compiled `.js`. */
  file: string;
  remove(): void;
}

/** Compiles `test/fixtures/<name>.ts` with the repository's compiler options (strict, no experimentalDecorators). */
export function compileFixture(name: string): CompiledFixture {
  const cache = join(PACKAGE_DIR, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'fixture-'));
  const source = join(PACKAGE_DIR, 'test', 'fixtures', `${name}.ts`);
  try {
    tsc([
      '--ignoreConfig',
      '--target',
      'es2023',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--lib',
      'es2023',
      '--types',
      'node',
      '--strict',
      '--skipLibCheck',
      '--rootDir',
      dirname(source),
      '--outDir',
      outDir,
      source,
    ]);
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  return { file: join(outDir, `${basename(source, '.ts')}.js`), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
