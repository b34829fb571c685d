// Attribute objects reused across calls, so a hot recording path allocates nothing.
import type { Attributes } from '@opentelemetry/api';

const EMPTY: Attributes = Object.freeze({});

/** Frozen copy of caller attributes (later changes by the caller must not change recorded series). */
export function frozenAttributes(attributes: Attributes | undefined): Attributes {
  return attributes === undefined ? EMPTY : Object.freeze({ ...attributes });
}

/**
 * The attribute sets `{ ...base, [key]: value }`, one frozen object per value. Bounded: past `max`
 * distinct values a fresh object is built per call, so an unbounded value set cannot grow memory
 * (the SDK's cardinality limit then bounds the series).
 */
export class AttributeSets {
  private readonly sets = new Map<string, Attributes>();

  constructor(
    private readonly key: string,
    private readonly base: Attributes = EMPTY,
    private readonly max = 1000,
  ) {}

  get(value: string): Attributes {
    let set = this.sets.get(value);
    if (set === undefined) {
      set = Object.freeze({ ...this.base, [this.key]: value });
      if (this.sets.size < this.max) this.sets.set(value, set);
    }
    return set;
  }

  /** The set for `value`, or with the caller's own attributes (which cannot override `key`). */
  with(value: string, attributes: Attributes | undefined): Attributes {
    return attributes === undefined ? this.get(value) : { ...this.base, ...attributes, [this.key]: value };
  }
}
