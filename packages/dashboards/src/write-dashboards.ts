import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { allDashboards, dashboardJson } from './all-dashboards';

/** Writes <dir>/<name>.json for every dashboard; returns the paths written. */
export async function writeDashboards(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, dashboard] of allDashboards()) {
    const file = join(dir, `${name}.json`);
    await writeFile(file, dashboardJson(dashboard));
    written.push(file);
  }
  return written;
}
