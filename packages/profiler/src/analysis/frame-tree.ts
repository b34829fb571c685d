// Both profile formats reduced to one call tree, so the CPU and heap summaries, the comparison and
// the flame graph share one aggregation: a node's `self` is microseconds (CPU) or bytes (heap).
import type { CallFrame, CpuProfile, HeapProfile, HeapProfileNode } from './profile-types';

export interface FrameNode {
  frame: CallFrame;
  /** Microseconds (CPU) or bytes (heap) spent or allocated in this node alone. */
  self: number;
  /** Samples that landed on this node. */
  count: number;
  children: FrameNode[];
}

/** A file that is not the profile it claims to be: the message names what is missing. */
export class ProfileFormatError extends Error {
  override readonly name = 'ProfileFormatError';
}

export function cpuFrameTree(profile: CpuProfile): FrameNode {
  if (!Array.isArray(profile?.nodes) || profile.nodes.length === 0) {
    throw new ProfileFormatError('not a .cpuprofile: it has no "nodes" array (was it written by the CPU profiler?)');
  }
  const byId = new Map<number, FrameNode>();
  for (const node of profile.nodes) byId.set(node.id, { frame: node.callFrame, self: 0, count: 0, children: [] });
  const childIds = new Set<number>();
  for (const node of profile.nodes) {
    const parent = byId.get(node.id)!;
    for (const id of node.children ?? []) {
      const child = byId.get(id);
      if (child === undefined) continue;
      parent.children.push(child);
      childIds.add(id);
    }
  }
  attributeCpuTime(profile, byId);
  const root = profile.nodes.find((node) => !childIds.has(node.id));
  if (root === undefined) throw new ProfileFormatError('not a .cpuprofile: its nodes have no root');
  return byId.get(root.id)!;
}

/**
 * Every sample stands for the same slice of the profile: its length divided by the sample count.
 * (Giving each sample the gap to the next one, as DevTools does, charges a late sampler tick to
 * whatever ran just before it, so a one-sample getter could outrank a real hotspot.)
 */
function attributeCpuTime(profile: CpuProfile, byId: Map<number, FrameNode>): void {
  if (profile.samples !== undefined && profile.samples.length > 0) {
    for (const id of profile.samples) {
      const node = byId.get(id);
      if (node !== undefined) node.count += 1;
    }
  } else {
    for (const node of profile.nodes) byId.get(node.id)!.count = node.hitCount ?? 0;
  }
  let samples = 0;
  for (const node of byId.values()) samples += node.count;
  const slice = samples > 0 ? (profile.endTime - profile.startTime) / samples : 0;
  for (const node of byId.values()) node.self = node.count * slice;
}

export function heapFrameTree(profile: HeapProfile): FrameNode {
  if (typeof profile?.head?.callFrame !== 'object') {
    throw new ProfileFormatError('not a .heapprofile: it has no "head" node (was it written by the sampling heap profiler?)');
  }
  const counts = new Map<number, number>();
  for (const sample of profile.samples ?? []) counts.set(sample.nodeId, (counts.get(sample.nodeId) ?? 0) + 1);
  const convert = (node: HeapProfileNode): FrameNode => ({
    frame: node.callFrame,
    self: node.selfSize,
    count: counts.get(node.id) ?? 0,
    children: (node.children ?? []).map(convert),
  });
  return convert(profile.head);
}

/** Sum of `self` over the whole tree. */
export function treeTotal(root: FrameNode): { value: number; count: number } {
  let value = 0;
  let count = 0;
  const stack = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    value += node.self;
    count += node.count;
    stack.push(...node.children);
  }
  return { value, count };
}
