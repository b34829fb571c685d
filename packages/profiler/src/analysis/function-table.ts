// Groups a call tree by function (or allocation site): self and total per function, the natives
// folded into it, and its heaviest call path.
import { frameKey, isNativeFrame } from './call-frame';
import type { FrameNode } from './frame-tree';
import type { CallFrame } from './profile-types';

export interface FunctionStats {
  frame: CallFrame;
  self: number;
  selfCount: number;
  /** Self of every node below any call of this function, each counted once (recursion included). */
  total: number;
  totalCount: number;
  /** Builtins/natives this function called whose self is counted in its own (e.g. `RegExp: ^(a+)+$`). */
  natives: Map<string, number>;
  /** Frames from the root to the node that contributed the most self, for "called from". */
  heaviestPath: CallFrame[];
  heaviestSelf: number;
}

interface Visit {
  node: FrameNode;
  path: FrameNode[];
  /** The function that owns this node's self: itself, or its nearest scripted caller for natives. */
  owner: FrameNode;
}

export function aggregateByFunction(root: FrameNode): FunctionStats[] {
  const subtree = subtreeSums(root);
  const stats = new Map<string, FunctionStats>();
  const onPath = new Map<string, number>();
  const statsOf = (frame: CallFrame): FunctionStats => {
    const key = frameKey(frame);
    let entry = stats.get(key);
    if (entry === undefined) {
      entry = { frame, self: 0, selfCount: 0, total: 0, totalCount: 0, natives: new Map(), heaviestPath: [], heaviestSelf: -1 };
      stats.set(key, entry);
    }
    return entry;
  };

  // Depth-first with an explicit stack (deep recursion in the profiled app must not overflow ours).
  type Step = { enter: Visit } | { leave: string };
  const steps: Step[] = [{ enter: { node: root, path: [], owner: root } }];
  for (let step = steps.pop(); step !== undefined; step = steps.pop()) {
    if ('leave' in step) {
      const left = onPath.get(step.leave)! - 1;
      if (left === 0) onPath.delete(step.leave);
      else onPath.set(step.leave, left);
      continue;
    }
    const { node, path, owner } = step.enter;
    const entry = statsOf(owner.frame);
    const ownerKey = frameKey(owner.frame);
    // Only the outermost call of a function on a path adds its subtree to the total.
    if (!onPath.has(ownerKey)) {
      const sums = subtree.get(node)!;
      entry.total += sums.value;
      entry.totalCount += sums.count;
    }
    onPath.set(ownerKey, (onPath.get(ownerKey) ?? 0) + 1);
    steps.push({ leave: ownerKey });
    if (node.self > 0 || node.count > 0) {
      entry.self += node.self;
      entry.selfCount += node.count;
      if (node !== owner) entry.natives.set(node.frame.functionName, (entry.natives.get(node.frame.functionName) ?? 0) + node.self);
      if (node.self > entry.heaviestSelf) {
        entry.heaviestSelf = node.self;
        entry.heaviestPath = [...path, node].map((n) => n.frame);
      }
    }
    const childPath = [...path, node];
    for (const child of node.children) {
      const childOwner = isNativeFrame(child.frame) && owner.frame.url !== '' ? owner : child;
      steps.push({ enter: { node: child, path: childPath, owner: childOwner } });
    }
  }
  return [...stats.values()];
}

function subtreeSums(root: FrameNode): Map<FrameNode, { value: number; count: number }> {
  const sums = new Map<FrameNode, { value: number; count: number }>();
  const order: FrameNode[] = [];
  const stack = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    order.push(node);
    stack.push(...node.children);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    let value = node.self;
    let count = node.count;
    for (const child of node.children) {
      const c = sums.get(child)!;
      value += c.value;
      count += c.count;
    }
    sums.set(node, { value, count });
  }
  return sums;
}
