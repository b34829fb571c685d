// Older majors of a framework are installed under npm aliases (test/package.json: "express4":
// "npm:express@^4"), so their files live in node_modules/express4/… and a require hook looking for
// "express" never sees them. A fixture must load the real published package under its real name,
// as a user's app does: this copies the aliased package (with its nested node_modules) to
// node_modules/.perf-otel-real-names/<alias>/node_modules/<name>. Its own dependencies resolve as
// from the alias's place, because the walk up from the copy reaches the same node_modules.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const TEST_ROOT = join(__dirname, '../..');

/** The directory of the real-name copy of `alias`; pass it to the fixture to require. */
export function realNamePackage(alias: string): string {
  const aliasDir = dirname(require.resolve(`${alias}/package.json`, { paths: [TEST_ROOT] }));
  const { name, version } = JSON.parse(readFileSync(join(aliasDir, 'package.json'), 'utf8')) as { name: string; version: string };
  const copy = join(dirname(aliasDir), '.perf-otel-real-names', alias, 'node_modules', name);
  const copied = join(copy, 'package.json');
  if (existsSync(copied) && (JSON.parse(readFileSync(copied, 'utf8')) as { version: string }).version === version) return copy;
  rmSync(copy, { recursive: true, force: true });
  cpSync(aliasDir, copy, { recursive: true });
  return copy;
}
