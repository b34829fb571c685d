// Finds the series of an attribute set without building a key string or sorting keys, which is
// where the SDK's synchronous instruments spend most of a record() call. Values arrive positionally
// in the instrument's fixed key order; each level of the tree is a Map keyed by one value, with the
// most variable key (e.g. the route) last so that new series mostly add one leaf entry.
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { ATTR_OTEL_METRIC_OVERFLOW } from '../semconv';

type Node = Map<unknown, unknown>;

export class SeriesTree<S extends { readonly attributes: Attributes }> {
  private readonly root: Node = new Map();
  private readonly all: S[] = [];
  private overflow: S | undefined;

  constructor(
    private readonly keys: readonly string[],
    private readonly limit: number,
    private readonly create: (attributes: Attributes) => S,
  ) {}

  /** `values[i]` is the value of `keys[i]`; `undefined` leaves the attribute out. Never allocates on a hit. */
  find(values: readonly unknown[]): S {
    let node = this.root;
    const last = this.keys.length - 1;
    for (let i = 0; i < last; i++) {
      const next = node.get(values[i]) as Node | undefined;
      if (next === undefined) return this.add(values);
      node = next;
    }
    const hit = node.get(values[last]) as S | undefined;
    return hit === undefined ? this.add(values) : hit;
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
    let node = this.root;
    const last = this.keys.length - 1;
    for (let i = 0; i < last; i++) {
      let next = node.get(values[i]) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(values[i], next);
      }
      node = next;
    }
    const attributes: Attributes = {};
    for (let i = 0; i < this.keys.length; i++) {
      if (values[i] !== undefined) attributes[this.keys[i]] = values[i] as AttributeValue;
    }
    const s = this.create(Object.freeze(attributes));
    node.set(values[last], s);
    this.all.push(s);
    return s;
  }
}
