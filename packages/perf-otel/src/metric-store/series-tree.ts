// Finds the series of an attribute set without building a key string or sorting keys, which is
// where the SDK's synchronous instruments spend most of a record() call. Values arrive positionally
// in the instrument's fixed key order; each level of the tree is a Map keyed by one value, with the
// most variable key (e.g. the route) last so that new series mostly add one leaf entry.
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { ATTR_OTEL_METRIC_OVERFLOW } from '../semconv';

type Node = Map<unknown, unknown> | Single;

// Most branches of the tree never fork (one scheme, one status per route…): a one-entry node is a
// small object rather than a Map, which keeps memory per series low.
class Single {
  constructor(
    readonly key: unknown,
    readonly next: unknown,
  ) {}
}

function child(node: Node, key: unknown): unknown {
  if (node instanceof Single) return node.key === key ? node.next : undefined;
  return node.get(key);
}

/** Adds `key → next` under `node`; returns the node to keep in the parent (a Single may grow into a Map). */
function withChild(node: Node | undefined, key: unknown, next: unknown): Node {
  if (node === undefined) return new Single(key, next);
  if (node instanceof Single)
    return new Map([
      [node.key, node.next],
      [key, next],
    ]);
  node.set(key, next);
  return node;
}

export class SeriesTree<S extends { readonly attributes: Attributes }> {
  private root: Node | undefined;
  private readonly all: S[] = [];
  private overflow: S | undefined;

  constructor(
    private readonly keys: readonly string[],
    private readonly limit: number,
    private readonly create: (attributes: Attributes) => S,
  ) {}

  /** `values[i]` is the value of `keys[i]`; `undefined` leaves the attribute out. Never allocates on a hit. */
  find(values: readonly unknown[]): S {
    let node: unknown = this.root;
    for (let i = 0; i < this.keys.length; i++) {
      if (node === undefined) return this.add(values);
      node = child(node as Node, values[i]);
    }
    return node === undefined ? this.add(values) : (node as S);
  }

  private insert(node: Node | undefined, values: readonly unknown[], depth: number, leaf: S): Node {
    const key = values[depth];
    if (depth === this.keys.length - 1) return withChild(node, key, leaf);
    const existing = node === undefined ? undefined : (child(node, key) as Node | undefined);
    const updated = this.insert(existing, values, depth + 1, leaf);
    if (existing === updated) return node as Node;
    // A new or grown child: replace it in place where possible.
    if (node instanceof Map) {
      node.set(key, updated);
      return node;
    }
    if (node instanceof Single && node.key === key) return new Single(key, updated);
    return withChild(node, key, updated);
  }

  series(): readonly S[] {
    return this.overflow === undefined ? this.all : [...this.all, this.overflow];
  }

  private add(values: readonly unknown[]): S {
    if (this.all.length >= this.limit) {
      // Past the limit every new attribute set lands in one overflow series and nothing is stored,
      // so an attacker sending random paths or tenant ids cannot grow memory.
      this.overflow ??= this.create({ [ATTR_OTEL_METRIC_OVERFLOW]: true });
      return this.overflow;
    }
    const attributes: Attributes = {};
    for (let i = 0; i < this.keys.length; i++) {
      if (values[i] !== undefined) attributes[this.keys[i]] = values[i] as AttributeValue;
    }
    const s = this.create(Object.freeze(attributes));
    this.root = this.insert(this.root, values, 0, s);
    this.all.push(s);
    return s;
  }
}
