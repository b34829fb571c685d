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
 * A sample lasts until the next one (DevTools' model); the last lasts until endTime. Profiles
 * without per-sample data fall back to hitCount times the mean interval.
 */
function attributeCpuTime(profile: CpuProfile, byId: Map<number, FrameNode>): void {
  const { samples, timeDeltas } = profile;
  if (samples !== undefined && timeDeltas !== undefined && samples.length === timeDeltas.length && samples.length > 0) {
    let at = profile.startTime;
    const stamps = timeDeltas.map((delta) => (at += delta));
    samples.forEach((id, i) => {
      const node = byId.get(id);
      if (node === undefined) return;
      const next = i + 1 < stamps.length ? stamps[i + 1] : profile.endTime;
      node.self += Math.max(0, next - stamps[i]);
      node.count += 1;
    });
    return;
  }
  const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const interval = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
  for (const node of profile.nodes) {
    const target = byId.get(node.id)!;
    target.count = node.hitCount ?? 0;
    target.self = target.count * interval;
  }
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
