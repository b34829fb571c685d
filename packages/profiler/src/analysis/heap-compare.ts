// Two heap profiles of the same service: the allocation sites whose live bytes grew most are the
// leak suspects (a site that keeps what it allocates grows with traffic; one that lets go does not).
import { frameKey } from './call-frame';
import { functionRow, type FunctionRow } from './function-row';
import { heapSites } from './heap-summary';
import type { HeapProfile } from './profile-types';

export interface GrowthRow extends FunctionRow {
  beforeBytes: number;
  afterBytes: number;
  growthBytes: number;
}

export interface HeapComparison {
  beforeBytes: number;
  afterBytes: number;
  /** Sites that grew, most growth first. */
  grown: GrowthRow[];
}

export function compareHeapProfiles(before: HeapProfile, after: HeapProfile, top = 15): HeapComparison {
  const a = heapSites(before);
  const b = heapSites(after);
  const grown = b.sites
    .map((site) => ({ site, beforeBytes: a.byKey.get(frameKey(site.frame))?.self ?? 0 }))
    .filter(({ site, beforeBytes }) => site.self > beforeBytes)
    .sort((x, y) => y.site.self - y.beforeBytes - (x.site.self - x.beforeBytes))
    .slice(0, top)
    .map(({ site, beforeBytes }) => ({ ...functionRow(site), beforeBytes, afterBytes: site.self, growthBytes: site.self - beforeBytes }));
  return { beforeBytes: a.total.value, afterBytes: b.total.value, grown };
}
