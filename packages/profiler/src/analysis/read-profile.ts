// Loads a profile file and tells which kind it is from its shape (the extension may be missing).
import { readFile } from 'node:fs/promises';
import { ProfileFormatError } from './frame-tree';
import type { CpuProfile, HeapProfile } from './profile-types';

export type LoadedProfile = { kind: 'cpu'; profile: CpuProfile } | { kind: 'heap'; profile: HeapProfile };

export async function readProfileFile(path: string): Promise<LoadedProfile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ProfileFormatError(`cannot read ${path}: ${reason}`);
  }
  return profileOf(parsed, path);
}

export function profileOf(parsed: unknown, source: string): LoadedProfile {
  const value = parsed as Partial<CpuProfile & HeapProfile> | null;
  if (Array.isArray(value?.nodes)) return { kind: 'cpu', profile: value as CpuProfile };
  if (typeof value?.head === 'object' && value.head !== null) return { kind: 'heap', profile: value as HeapProfile };
  throw new ProfileFormatError(
    `${source} is neither a .cpuprofile (no "nodes") nor a .heapprofile (no "head"); ` + 'heap snapshots (.heapsnapshot) open in Chrome DevTools, not here',
  );
}
