import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseSloSpec } from './parse-spec';
import { SloSpec } from './spec';
import { SloSpecError, SpecIssue } from './spec-error';

const SLO_FILE = /\.ya?ml$/;

/** The SLO files a path names: the file itself, or every *.yaml / *.yml directly in a directory. */
async function sloFiles(path: string, cwd: string): Promise<string[]> {
  const info = await stat(resolve(cwd, path)).catch(() => undefined);
  if (!info) throw new Error(`${path}: no such file or directory; pass an SLO file or a directory of them (e.g. deploy/slo)`);
  if (!info.isDirectory()) return [path];
  const names = (await readdir(resolve(cwd, path))).filter((name) => SLO_FILE.test(name)).sort();
  if (names.length === 0) throw new Error(`${path}: no *.yaml SLO files in this directory; add one per service (see deploy/slo/example.yaml)`);
  return names.map((name) => join(path, name));
}

/**
 * Loads and validates every SLO file under `path` (relative to `cwd`); all issues of all files are
 * reported together. Files are named in messages as `path` names them.
 */
export async function loadSloSpecs(path: string, cwd = process.cwd()): Promise<SloSpec[]> {
  const specs: SloSpec[] = [];
  const issues: SpecIssue[] = [];
  for (const file of await sloFiles(path, cwd)) {
    try {
      specs.push(parseSloSpec(await readFile(resolve(cwd, file), 'utf8'), file));
    } catch (error) {
      if (!(error instanceof SloSpecError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new SloSpecError(issues);
  return specs;
}
